export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <svg aria-hidden viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="8" className="fill-indigo-600" />
        <path d="M10 23V9h7a5 5 0 0 1 0 10h-4" className="stroke-white" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
      {!compact && <span className="text-lg">Penaxtra</span>}
    </span>
  );
}
