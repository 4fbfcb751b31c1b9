import "server-only";
import { db } from "@/lib/db/client";
import type { ApiStandardView } from "./schema";

export async function listApiStandards(): Promise<ApiStandardView[]> {
  const rows = await db().apiStandard.findMany({ orderBy: { handle: "asc" } });
  return rows.map((r) => ({
    api_standard_handle: r.handle,
    description: r.description,
    key_method: r.keyMethod as ApiStandardView["key_method"],
    key_field: r.keyField,
  }));
}
