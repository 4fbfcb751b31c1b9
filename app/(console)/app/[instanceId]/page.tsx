import { redirect } from "next/navigation";

export default async function InstanceHome({ params }: { params: Promise<{ instanceId: string }> }) {
  redirect(`/app/${(await params).instanceId}/endpoints`);
}
