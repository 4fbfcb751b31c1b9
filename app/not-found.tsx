import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-8 text-center">
      <Logo />
      <div>
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-slate-600">It does not exist, or you do not have access to it.</p>
      </div>
      <Link href="/app" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
        Back to the console →
      </Link>
    </main>
  );
}
