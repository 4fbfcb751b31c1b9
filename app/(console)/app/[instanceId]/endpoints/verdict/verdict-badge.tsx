import { Badge } from "@/components/ui/layout";

/** Pass or fail, in the badge colours of the console; `title` says why on hover. */
export function VerdictBadge({ verdict, title }: { verdict: "pass" | "fail"; title?: string }) {
  return (
    <span title={title} className="inline-flex">
      <Badge color={verdict === "pass" ? "green" : "red"}>{verdict === "pass" ? "Pass" : "Fail"}</Badge>
    </span>
  );
}
