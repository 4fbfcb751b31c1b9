type Err = { message?: unknown; root?: Err } | undefined;

/** The first message of a react-hook-form error for an array field (tags: the list's own, or the first tag's). */
export function firstError(e: unknown): string | undefined {
  const own = e as Err;
  if (typeof own?.message === "string") return own.message;
  if (typeof own?.root?.message === "string") return own.root.message;
  if (Array.isArray(e)) for (const item of e as Err[]) if (typeof item?.message === "string") return item.message;
  return undefined;
}
