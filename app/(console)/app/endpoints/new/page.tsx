import { redirectToCurrentInstance, type Search } from "../../current-instance";

/** /app/endpoints/new: the same page in the current workspace. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  return redirectToCurrentInstance("endpoints/new", await searchParams);
}
