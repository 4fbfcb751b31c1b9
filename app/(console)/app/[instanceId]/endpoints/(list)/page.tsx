import Link from "next/link";
import { pickParam, type Search } from "@/components/search-params";
import { requireInstancePage } from "@/lib/http/page-context";
import { can } from "@/lib/auth/permissions";
import { listEndpointsQuerySchema } from "@/lib/endpoints/schema";
import { listEndpoints } from "@/lib/endpoints/service";
import { EmptyState, PageHeader } from "@/components/ui/layout";
import { ownerOptions, peopleOf } from "../owners";
import { EndpointFilters, FILTERS, type Filters } from "./endpoint-filters";
import { EndpointsTable } from "./endpoints-table";

export const metadata = { title: "Endpoints" };

const BUTTON = "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export default async function EndpointsPage({ params, searchParams }: { params: Promise<{ instanceId: string }>; searchParams: Promise<Search> }) {
  const { instance, role, user } = await requireInstancePage((await params).instanceId, "endpoints:read");
  const search = await searchParams;
  const base = `/app/${instance.id}/endpoints`;
  const filters: Filters = Object.fromEntries(FILTERS.map((k) => [k, pickParam(search, k)]).filter(([, v]) => v));
  const cursor = pickParam(search, "cursor");
  const parsed = listEndpointsQuerySchema.safeParse({ ...filters, cursor, limit: 20 });
  const [people, page] = await Promise.all([peopleOf(instance.id, user), parsed.success ? listEndpoints(instance.id, parsed.data, user) : null]);
  const owners = ownerOptions(people, user, "id");
  const filtered = Object.keys(filters).length > 0 || !!cursor;
  const keep = new URLSearchParams(filters as Record<string, string>);

  const register = can(role, "endpoints:write") ? (
    <Link href={`${base}/new`} className={BUTTON}>
      Register endpoint
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Endpoints"
        description={`The LLM endpoints ${instance.name} depends on: URL, wire format, model and how to authenticate. They are the targets Penaxtra scans.`}
        actions={register}
      />
      {(filtered || (page && page.data.length > 0)) && <EndpointFilters base={base} values={filters} owners={owners} />}
      {!page ? (
        <EmptyState title="These filters are not valid">{parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</EmptyState>
      ) : page.data.length === 0 ? (
        filtered ? (
          <EmptyState title="No endpoints match" action={<Link href={base} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">Clear the filters</Link>}>
            Try another search, or clear the filters to see every endpoint.
          </EmptyState>
        ) : (
          <EmptyState title="No endpoints registered yet" action={register}>
            {register
              ? "Register the LLM endpoints your products call: a URL, the wire format, the model and the credential to use. Penaxtra scans them on a schedule."
              : "Members of this workspace register the LLM endpoints it scans. You have read-only access."}
          </EmptyState>
        )
      ) : (
        <>
          <EndpointsTable base={base} endpoints={page.data} ownerEmail={new Map(people.map((p) => [p.id, p.email]))} />
          <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
            {cursor ? <Link href={`${base}?${keep}`} className="font-medium text-indigo-600">← Newest</Link> : <span />}
            {page.next_cursor && (
              <Link href={`${base}?${new URLSearchParams([...keep, ["cursor", page.next_cursor]])}`} className="font-medium text-indigo-600">
                Older →
              </Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
