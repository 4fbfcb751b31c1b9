import { requireEndpointPage } from "./require-endpoint";

/** 404 for an id that is not this instance's, decided outside the page's loading boundary (a real 404 status). */
export default async function EndpointLayout({ children, params }: { children: React.ReactNode; params: Promise<{ instanceId: string; endpointId: string }> }) {
  const { instanceId, endpointId } = await params;
  await requireEndpointPage(instanceId, endpointId);
  return children;
}
