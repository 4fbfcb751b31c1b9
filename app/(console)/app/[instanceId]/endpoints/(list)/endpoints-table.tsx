import Link from "next/link";
import { Fragment } from "react";
import type { EndpointView } from "@/lib/endpoints/schema";
import { Badge, Table, Td } from "@/components/ui/layout";
import { WIRE_FORMAT_LABEL } from "../form/schemas";
import { LastTest } from "./last-test";

/** A host, model or e-mail that may wrap after its dots, hyphens and @ (and anywhere, if it must). */
function Breakable({ text }: { text: string }) {
  return text.split(/(?<=[.\-/@])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

const HEAD = ["Name", "Host", "Wire format", "Model", "Tags", "Owner", "Status", "Last test"];

/**
 * One page of endpoints; the name opens the endpoint. Eight columns fit a
 * laptop's width (1280 px) with denser padding and long values wrapped
 * rather than cut; narrower screens scroll the table sideways.
 */
export function EndpointsTable({ base, endpoints, ownerEmail }: { base: string; endpoints: EndpointView[]; ownerEmail: Map<string, string> }) {
  return (
    <div className="[&_td]:px-2.5! [&_th]:px-2.5! [&_td]:whitespace-normal! [&_td]:align-top!">
      <Table head={HEAD}>
        {endpoints.map((e) => {
          const host = new URL(e.url).host;
          const owner = ownerEmail.get(e.owner_user_id);
          return (
            <tr key={e.id} data-testid={`endpoint-${e.id}`} className="hover:bg-slate-50">
              <Td>
                <Link href={`${base}/${e.id}`} className="block min-w-28 max-w-40 font-medium text-indigo-700 hover:text-indigo-600">
                  {e.name}
                </Link>
              </Td>
              <Td>
                <span className="block w-28 font-mono text-xs wrap-anywhere" title={host}>
                  <Breakable text={host} />
                </span>
              </Td>
              <Td>
                <span className="block w-24" title={e.wire_format}>
                  {WIRE_FORMAT_LABEL[e.wire_format]}
                </span>
              </Td>
              <Td>
                <span className="block w-24 font-mono text-xs wrap-anywhere" title={e.model}>
                  <Breakable text={e.model} />
                </span>
              </Td>
              <Td>
                <div className="flex w-28 flex-wrap gap-1 *:whitespace-nowrap">
                  {e.tags.length ? e.tags.map((t) => <Badge key={t}>{t}</Badge>) : <span className="text-slate-400">—</span>}
                </div>
              </Td>
              <Td>
                <span className="block w-32 text-xs wrap-anywhere">
                  {owner ? <Breakable text={owner} /> : <span className="text-slate-400" title={e.owner_user_id}>not a member</span>}
                </span>
              </Td>
              <Td>
                <Badge color={e.status === "active" ? "green" : "gray"}>{e.status}</Badge>
              </Td>
              <Td>
                <LastTest test={e.last_test} />
              </Td>
            </tr>
          );
        })}
      </Table>
    </div>
  );
}
