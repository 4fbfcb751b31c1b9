import Link from "next/link";
import { connection } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { invitationByLink } from "@/lib/instances/invitations";
import { invitationSecretSchema } from "@/lib/instances/schema";
import { AuthFrame } from "../../auth-frame";
import { NewAccountForm } from "./new-account-form";
import { AcceptButtons } from "./accept-buttons";

export const metadata = { title: "Invitation" };

const GONE: Record<string, string> = {
  accepted: "This invitation has already been used.",
  declined: "This invitation was declined.",
  revoked: "This invitation was withdrawn by a workspace admin.",
  expired: "This invitation has expired. Ask a workspace admin for a new one.",
};

export default async function InvitationPage({ params }: { params: Promise<{ secret: string }> }) {
  await connection();
  const { secret } = await params;
  const invitation = invitationSecretSchema.safeParse(secret).success ? await invitationByLink(secret) : null;
  if (!invitation || invitation.status !== "pending") {
    return (
      <AuthFrame title="Invitation not valid">
        <p className="text-sm text-slate-600">{invitation ? GONE[invitation.status] : "This invitation link is not valid. Check that you copied all of it."}</p>
        <Link href="/signin" className="mt-6 inline-block text-sm font-medium text-indigo-600">Go to sign-in</Link>
      </AuthFrame>
    );
  }
  const user = await currentUser();
  const subtitle = <>Join <strong>{invitation.instance.name}</strong> as <strong>{invitation.role}</strong>. Invited by {invitation.invited_by}.</>;
  if (user) {
    return (
      <AuthFrame title="You are invited" subtitle={subtitle}>
        {user.email === invitation.email ? (
          <AcceptButtons secret={secret} invitationId={invitation.id} />
        ) : (
          <p className="text-sm text-slate-600">
            This invitation is for {invitation.email}, but you are signed in as {user.email}. Sign out, then open the link again.
          </p>
        )}
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="You are invited" subtitle={subtitle}>
      <p className="mb-5 text-sm text-slate-600">
        New to Penaxtra? Choose a password for <strong>{invitation.email}</strong>. Already have an account?{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${secret}`)}`} className="font-medium text-indigo-600">
          Sign in
        </Link>{" "}
        and accept it.
      </p>
      <NewAccountForm secret={secret} email={invitation.email} />
    </AuthFrame>
  );
}
