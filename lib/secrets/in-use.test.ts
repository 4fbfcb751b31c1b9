import { CLI } from "@/lib/auth/actor";
import { beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { AppError } from "@/lib/errors";
import type { SecretUser } from "./schema";
import { createSecret, deleteSecret, getSecret, listSecrets } from "./service";

// No table refers to secrets yet (endpoints and LLM configurations come
// later), so the usage lookup is replaced here by one that reports users, to
// prove the delete path and the list honour it.

const users = vi.hoisted(() => new Map<string, SecretUser[]>());
vi.mock("./usage", () => ({
  findSecretUsers: async (_instanceId: string, name: string) => users.get(name) ?? [],
  findSecretUsersByName: async (_instanceId: string, names: string[]) =>
    new Map(names.filter((n) => users.has(n)).map((n) => [n, users.get(n)!])),
}));

await isolatePostgres("secrets_in_use");

describeWithDatabase("a secret in use", () => {
  let instanceId: string;
  beforeAll(async () => {
    useFreshDataDir();
    instanceId = (await makeInstance("In use")).id;
  });

  it("answers 409 secret_in_use listing its users, and keeps the secret", async () => {
    await createSecret(instanceId, { name: "used_key", value: canary() }, CLI);
    users.set("used_key", [
      { kind: "endpoint", id: "ep_1", name: "Production customer chatbot" },
      { kind: "llm_config", id: "cfg_1", name: "default" },
    ]);
    const e = await deleteSecret(instanceId, "used_key").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.status).toBe(409);
    expect(err.code).toBe("secret_in_use");
    expect(err.message).toBe("secret:used_key is used by endpoint Production customer chatbot, LLM configuration default; point them at another secret first");
    expect(err.extras.members).toEqual({ used_by: users.get("used_key") });
    expect(await getSecret(instanceId, "used_key")).toMatchObject({ used_by: users.get("used_key") });
    expect((await listSecrets(instanceId)).find((s) => s.name === "used_key")?.used_by).toHaveLength(2);
  });

  it("deletes it once nothing refers to it any more", async () => {
    users.delete("used_key");
    await expect(deleteSecret(instanceId, "used_key")).resolves.toMatchObject({ name: "used_key" });
  });
});
