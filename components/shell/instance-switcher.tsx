"use client";

import { usePathname, useRouter } from "next/navigation";

type Option = { id: string; name: string; role: string };

/** Switches workspace, keeping the current section when it exists there. */
export function InstanceSwitcher({ current, options }: { current: string; options: Option[] }) {
  const router = useRouter();
  const section = /^\/app\/[^/]+\/(.+)$/.exec(usePathname())?.[1] ?? "endpoints";
  return (
    <label className="block">
      <span className="sr-only">Workspace</span>
      <select
        aria-label="Workspace"
        value={current}
        onChange={(e) => router.push(`/app/${e.target.value}/${section}`)}
        className="block w-full rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.role})
          </option>
        ))}
      </select>
    </label>
  );
}
