import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { CLI } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createEndpoint, deleteEndpoint, updateEndpoint } from "@/lib/endpoints/service";
import { createEndpointSchema } from "@/lib/endpoints/schema";
import { createSecret, deleteSecret, getSecret, listSecrets } from "./service";

// Secrets have users: endpoints whose credential they are. Real rows, no stand-ins.

await isolatePostgres("secrets_in_use");

describeWithDatabase("a secret in use", () => {
  let instanceId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    useFreshDataDir();
    instanceId = (await makeInstance("In use")).id;
    owner = await makeUser({ instanceId, role: "admin" });
  });

  const endpoint = (name: string, host: string, ref: string | null) =>
    createEndpoint(
      instanceId,
      createEndpointSchema.parse({
        name,
        url: `https://${host}/v1/chat/completions`,
        wire_format: "chat_completions_v1",
        model: "m",
        ...(ref ? { auth_header: "Authorization", auth_value_secret_ref: ref } : {}),
      }),
      owner,
    );

  it("answers 409 secret_in_use naming the endpoints that use it, and keeps the secret", async () => {
    await createSecret(instanceId, { name: "used_key", value: canary() }, CLI);
    const a = await endpoint("Production customer chatbot", "a.example", "secret:used_key");
    const b = await endpoint("Staging bot", "b.example", "secret:used_key");
    await endpoint("No auth", "c.example", null);
    const e = await deleteSecret(instanceId, "used_key").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.status).toBe(409);
    expect(err.code).toBe("secret_in_use");
    expect(err.message).toBe("secret:used_key is used by endpoint Production customer chatbot, endpoint Staging bot; point them at another secret first");
    const usedBy = [
      { kind: "endpoint", id: a.id, name: "Production customer chatbot" },
      { kind: "endpoint", id: b.id, name: "Staging bot" },
    ];
    expect(err.extras.members).toEqual({ used_by: usedBy });
    expect(await getSecret(instanceId, "used_key")).toMatchObject({ used_by: usedBy });
    expect((await listSecrets(instanceId)).find((s) => s.name === "used_key")?.used_by).toEqual(usedBy);
  });

  it("another instance's endpoint of the same secret name does not count", async () => {
    const other = await makeInstance("Other");
    const otherOwner = await makeUser({ instanceId: other.id, role: "admin" });
    await createSecret(other.id, { name: "shared_name", value: canary() }, CLI);
    await createEndpoint(
      other.id,
      createEndpointSchema.parse({ name: "Theirs", url: "https://theirs.example/v1", wire_format: "messages_v1", model: "m", auth_header: "x-api-key", auth_value_secret_ref: "secret:shared_name" }),
      otherOwner,
    );
    await createSecret(instanceId, { name: "shared_name", value: canary() }, CLI);
    await expect(deleteSecret(instanceId, "shared_name")).resolves.toMatchObject({ name: "shared_name" });
  });

  it("deletes it once nothing refers to it any more", async () => {
    const users = (await getSecret(instanceId, "used_key")).used_by;
    await updateEndpoint(instanceId, users[0].id, { auth_header: null, auth_value_secret_ref: null }, owner);
    await deleteEndpoint(instanceId, users[1].id);
    await expect(deleteSecret(instanceId, "used_key")).resolves.toMatchObject({ name: "used_key" });
  });
});
