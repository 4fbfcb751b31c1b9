import { redirectToCurrentInstance, type Search } from "../../current-instance";

/** /app/settings/secrets: the same page in the current workspace. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  return redirectToCurrentInstance("settings/secrets", await searchParams);
}
