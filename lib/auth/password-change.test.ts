import { expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeUser, TEST_PASSWORD } from "@/test/factories";
import { changeOwnPassword } from "./users";

// A stolen session cookie must not become a way to guess the account's
// password: the password change has the sign-in guessing budget.

describeWithDatabase("changing one's own password", () => {
  it("allows 10 wrong current passwords in 15 minutes, then refuses even the right one; success gives the point back", async () => {
    const user = await makeUser();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await changeOwnPassword(user.id, `wrong-guess-${i}`, "a-brand-new-password", null).catch((e: { code: string }) => e.code));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill("validation_failed"));
    expect(answers[10]).toBe("rate_limited");
    await expect(changeOwnPassword(user.id, TEST_PASSWORD, "a-brand-new-password", null)).rejects.toMatchObject({ code: "rate_limited" });
    const other = await makeUser();
    for (let i = 0; i < 12; i++) await changeOwnPassword(other.id, i % 2 ? "a-brand-new-password" : TEST_PASSWORD, i % 2 ? TEST_PASSWORD : "a-brand-new-password", null);
  });
});
