import type { EndpointView } from "@/lib/endpoints/schema";
import { formatDateTime } from "@/components/format";
import { reasonLabel, relativeTime } from "../verdict/reasons";
import { VerdictBadge } from "../verdict/verdict-badge";

/** The list's "Last test" cell: the verdict (the reason on hover) and how long ago; "—" when never tested. */
export function LastTest({ test }: { test: EndpointView["last_test"] }) {
  if (!test) {
    return (
      <span className="text-slate-400" title="Not tested yet">
        —
      </span>
    );
  }
  const when = formatDateTime(test.tested_at);
  const why = test.reason ? `${reasonLabel(test.reason)}: ${test.detail}` : test.detail;
  return (
    <span className="flex w-20 flex-col items-start gap-1">
      <VerdictBadge verdict={test.verdict} title={why} />
      <time dateTime={test.tested_at} title={when} className="text-xs whitespace-nowrap text-slate-500">
        {relativeTime(test.tested_at)}
      </time>
    </span>
  );
}
