import Link from "next/link";
import { isAppError } from "@/lib/errors";
import { listTests } from "@/lib/endpoints/testing/service";
import { Card, Table, Td } from "@/components/ui/layout";
import { formatLatency, formatRunTime, reasonLabel } from "../verdict/reasons";
import { VerdictBadge } from "../verdict/verdict-badge";

type Props = { instanceId: string; endpointId: string; cursor?: string };

const HEAD = ["Time (UTC)", "Verdict", "Reason", "Upstream status", "Latency", "Detail"];
const LINK = "font-medium text-indigo-600 hover:text-indigo-500";

/** The endpoint's stored test runs, newest first, 20 a page. A cursor that is not valid shows the newest page. */
async function history(instanceId: string, endpointId: string, cursor?: string) {
  try {
    return await listTests(instanceId, endpointId, { limit: 20, cursor });
  } catch (e) {
    if (cursor && isAppError(e) && e.code === "validation_failed") return listTests(instanceId, endpointId, { limit: 20 });
    throw e;
  }
}

export async function TestHistory({ instanceId, endpointId, cursor }: Props) {
  const { data, next_cursor } = await history(instanceId, endpointId, cursor);
  const base = `/app/${instanceId}/endpoints/${endpointId}`;
  return (
    <Card title="Test history">
      {data.length === 0 ? (
        <p className="text-sm text-slate-500">Not tested yet</p>
      ) : (
        <div className="[&_td]:align-top!">
          <Table head={HEAD}>
            {data.map((t) => (
              <tr key={t.test_id} data-testid="test-run">
                <Td className="text-xs tabular-nums whitespace-nowrap!"><time dateTime={t.tested_at}>{formatRunTime(t.tested_at)}</time></Td>
                <Td>
                  <VerdictBadge verdict={t.verdict} />
                </Td>
                <Td>
                  {t.reason ? <span title={t.reason}>{reasonLabel(t.reason)}</span> : <span className="text-slate-400">—</span>}
                </Td>
                <Td className="tabular-nums">{t.upstream_status ?? "—"}</Td>
                <Td className="tabular-nums">{formatLatency(t.latency_ms)}</Td>
                <Td className="min-w-64 whitespace-normal! break-words text-xs">{t.detail}</Td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {(cursor || next_cursor) && (
        <nav aria-label="Test history pages" className="mt-3 flex justify-between text-sm">
          {cursor ? <Link href={`${base}#test-history`} className={LINK}>← Newest</Link> : <span />}
          {next_cursor && (
            <Link href={`${base}?${new URLSearchParams({ tests: next_cursor })}#test-history`} className={LINK}>
              Older →
            </Link>
          )}
        </nav>
      )}
    </Card>
  );
}
