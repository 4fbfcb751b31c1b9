/**
 * The loading state of console pages. Only pages that never call notFound()
 * themselves get one: a page that streams cannot answer 404 any more.
 */
export function PageSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse space-y-6">
      <div className="space-y-2 border-b border-slate-200 pb-5">
        <div className="h-6 w-48 rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full rounded bg-slate-100" />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="flex gap-4 py-3">
            <div className="h-4 w-1/4 rounded bg-slate-100" />
            <div className="h-4 w-1/3 rounded bg-slate-100" />
            <div className="h-4 w-1/6 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
