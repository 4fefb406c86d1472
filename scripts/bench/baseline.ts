// The same-run baseline: plain Eleventy writing N trivial paginated pages, nothing else.
// Absolute times drift on shared machines; the ratio to this baseline does not.
//   node --import tsx scripts/bench/baseline.ts <pages> <out-dir>
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { isMain } from "../cli.ts";

const TEMPLATE = `export const data = {
  pagination: { data: "items", size: 1, alias: "item" },
  permalink: (d) => "/p/" + d.item + "/",
  eleventyExcludeFromCollections: true,
};
export function render(d) {
  return "<!doctype html><title>Page " + d.item + "</title><p>Page " + d.item + "</p>";
}
`;

export async function writeTrivialPages(pages: number, outDir: string): Promise<number> {
  const input = await mkdtemp(path.join(tmpdir(), "bench-baseline-"));
  try {
    await mkdir(input, { recursive: true });
    await writeFile(path.join(input, "page.11ty.js"), TEMPLATE);
    const items = Array.from({ length: pages }, (_, i) => i);
    const eleventy = new Eleventy(input, outDir, {
      quietMode: true,
      config: (config: { addGlobalData(name: string, value: unknown): void }) => {
        config.addGlobalData("items", items);
      },
    });
    await eleventy.init();
    const written = (await eleventy.write()) as unknown;
    return Array.isArray(written) && Array.isArray(written[1]) ? written[1].length : 0;
  } finally {
    await rm(input, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const pages = Number(process.argv[2]);
  const outDir = process.argv[3];
  if (!Number.isInteger(pages) || pages < 1 || !outDir) {
    console.error("Usage: node --import tsx scripts/bench/baseline.ts <pages> <out-dir>");
    process.exitCode = 2;
  } else {
    const started = performance.now();
    const written = await writeTrivialPages(pages, path.resolve(outDir));
    console.log(JSON.stringify({ pages: written, ms: performance.now() - started }));
  }
}
