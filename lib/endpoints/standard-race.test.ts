import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { createSecret } from "@/lib/secrets/service";
import { createApiStandard, deleteApiStandard } from "@/lib/api-standards/service";
import { POST as create } from "@/app/api/v2/endpoints/route";

// An API standard deleted while endpoints naming it are being created: the
// foreign key holds, and each create that loses the race is told the
// standard is unknown (422), never a 500 (found by the outside review).

await isolatePostgres("endpoint_standard_race");

describeWithDatabase("endpoints racing an API-standard delete", () => {
  let token: string;

  beforeAll(async () => {
    useFreshDataDir();
    const instanceId = (await makeInstance("Race")).id;
    const admin = await makeUser({ instanceId, role: "admin" });
    await createSecret(instanceId, { name: "race_key", value: "race-key-value-0123456789" }, admin);
    token = (await mint(instanceId, { userId: admin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
  });

  it("answers 201 or 422 api_standard_unknown to every create, and the delete 200 or 409", async () => {
    for (let round = 0; round < 3; round++) {
      const handle = `racy-${round}-${Date.now().toString(36)}`;
      await createApiStandard({ api_standard_handle: handle, description: "racing", key_method: "auth_apikey", key_field: "X-API-Key" });
      const creates = Array.from({ length: 8 }, (_, i) =>
        call(create, {
          path: "/api/v2/endpoints",
          method: "POST",
          token,
          ip: freshIp(),
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            name: `race ${round}-${i}`,
            url: `https://race-${round}-${i}.example.com/v1/embeddings`,
            wire_format: "embeddings_v1",
            model: "embed",
            api_standard: handle,
            auth_value_secret_ref: "secret:race_key",
          }),
        }),
      );
      const deletion = deleteApiStandard(handle).then(
        () => 200,
        (e: { status?: number }) => e.status ?? 500,
      );
      const answers = await Promise.all(creates);
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 422), `statuses ${statuses}`).toBe(true);
      for (const r of answers.filter((a) => a.status === 422)) expect((await r.json()).code).toBe("api_standard_unknown");
      expect([200, 409]).toContain(await deletion);
    }
  });
});
