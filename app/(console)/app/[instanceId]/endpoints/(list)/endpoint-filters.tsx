import Link from "next/link";
import { ENDPOINT_STATUSES, WIRE_FORMATS } from "@/lib/endpoints/schema";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { WIRE_FORMAT_LABEL, type OwnerOption } from "../form/schemas";

export const FILTERS = ["q", "tag", "status", "wire_format", "owner"] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const LABEL = "text-xs font-medium text-slate-600";

/** Search and filters as a plain GET form: the URL is the state, shareable and back-button friendly. */
export function EndpointFilters({ base, values, owners }: { base: string; values: Filters; owners: OwnerOption[] }) {
  return (
    <form method="get" action={base} role="search" aria-label="Filter endpoints" className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs md:grid-cols-6 md:items-end">
      <label className={`${LABEL} md:col-span-2`}>
        Search
        <Input type="search" name="q" defaultValue={values.q} placeholder="Name or host" className="mt-1" />
      </label>
      <label className={LABEL}>
        Tag
        <Input name="tag" defaultValue={values.tag} placeholder="e.g. kyc" spellCheck={false} className="mt-1" />
      </label>
      <label className={LABEL}>
        Status
        <Select name="status" defaultValue={values.status ?? ""} className="mt-1">
          <option value="">Any</option>
          {ENDPOINT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </label>
      <label className={LABEL}>
        Wire format
        <Select name="wire_format" defaultValue={values.wire_format ?? ""} className="mt-1">
          <option value="">Any</option>
          {WIRE_FORMATS.map((w) => (
            <option key={w} value={w}>
              {WIRE_FORMAT_LABEL[w]}
            </option>
          ))}
        </Select>
      </label>
      <label className={LABEL}>
        Owner
        <Select name="owner" defaultValue={values.owner ?? ""} className="mt-1">
          <option value="">Anyone</option>
          {owners.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </label>
      <div className="flex gap-2 md:col-span-6">
        <Button type="submit">Filter</Button>
        <Link href={base} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
          Clear
        </Link>
      </div>
    </form>
  );
}
