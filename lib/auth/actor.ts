// Who does something: the one shape every service, audit row and check uses.
// A user (console session), an API token (acting for the user who minted it),
// the operator CLI, or the system itself (scheduled jobs, boot).

export type UserActor = { kind: "user"; id: string; email: string; name: string | null; isSuperadmin: boolean };

export type TokenActor = {
  kind: "token";
  /** The token's id (`tok_…`). */
  id: string;
  shortId: string;
  name: string;
  /** The instance the token belongs to (its home); null for a platform token (superadmin routes only). */
  instanceId: string | null;
  /** The user who minted it; the token acts with at most their role. */
  userId: string;
  isSuperadmin: boolean;
};

export type CliActor = { kind: "cli" };

export type SystemActor = { kind: "system"; job: string };

export type Actor = UserActor | TokenActor | CliActor | SystemActor;

export const CLI: CliActor = { kind: "cli" };

/** The label an audit row shows for the actor. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "token":
      return actor.name;
    case "cli":
      return "cli";
    case "system":
      return `system:${actor.job}`;
  }
}

/** The user behind an actor, if any (a token acts for its creator). */
export function actingUserId(actor: Actor): string | null {
  if (actor.kind === "user") return actor.id;
  if (actor.kind === "token") return actor.userId;
  return null;
}
