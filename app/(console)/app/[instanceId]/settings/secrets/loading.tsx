export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading secrets" className="animate-pulse">
      <div className="mb-6 border-b border-slate-200 pb-5">
        <div className="h-6 w-32 rounded bg-slate-200" />
        <div className="mt-2 h-4 w-2/3 rounded bg-slate-100" />
      </div>
      <div className="h-48 rounded-lg border border-slate-200 bg-white" />
      <div className="mt-8 space-y-px overflow-hidden rounded-lg border border-slate-200 bg-white">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-14 bg-slate-50" />
        ))}
      </div>
    </div>
  );
}
