/** The cookie naming the workspace the user last opened; /app/endpoints and friends redirect there. */
export const CURRENT_INSTANCE_COOKIE = "penaxtra_instance";
