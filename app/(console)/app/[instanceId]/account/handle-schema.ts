import { z } from "zod";
import { handleSchema } from "@/lib/auth/handles";

/** The profile's handle form: parsed in the browser and again by the action. */
export const changeHandleSchema = z.object({ handle: handleSchema });
