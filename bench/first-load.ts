// First-load JS of each page, from the production build: the root scripts every
// page loads (build-manifest.json rootMainFiles) plus the chunks of the page's
// own entries (its layouts, error and not-found boundaries, and the page) named
// in its client reference manifest. Sizes are gzipped at level 9, each file once.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

export type PageWeight = { page: string; files: number; gzipKb: number };

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return manifests(full);
    return name === "page_client-reference-manifest.js" ? [full] : [];
  });
}

export function firstLoadJs(root: string): PageWeight[] {
  const next = path.join(root, ".next");
  const build = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const appDir = path.join(next, "server", "app");
  const sizes = new Map<string, number>();
  const gz = (file: string) => {
    if (!sizes.has(file)) {
      const full = path.join(next, file);
      sizes.set(file, existsSync(full) ? gzipSync(readFileSync(full), { level: 9 }).length : 0);
    }
    return sizes.get(file)!;
  };
  const pages: PageWeight[] = [];
  for (const file of manifests(appDir)) {
    const source = readFileSync(file, "utf8");
    const json = source.slice(source.indexOf("] = {") + 4).replace(/;\s*$/, "");
    const manifest = JSON.parse(json) as { entryJSFiles?: Record<string, string[]> };
    const files = new Set(build.rootMainFiles);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const c of chunks) files.add(c);
    const route = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
    const bytes = [...files].reduce((a, f) => a + gz(f), 0);
    pages.push({ page: `/${route}`, files: files.size, gzipKb: bytes / 1000 });
  }
  return pages.filter((p) => p.page.startsWith("/app")).sort((a, b) => a.page.localeCompare(b.page));
}
