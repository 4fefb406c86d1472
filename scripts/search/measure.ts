// Measures the search index alone on a content folder: the site model is prepared first (diffs
// from the build cache when one is given), then `writeSearchIndex` is timed while the memory of
// this process and of Pagefind's service process is sampled. The figures in docs/search.md
// come from here.
//
//   node --import tsx scripts/search/measure.ts --content .cache/bench/10000-20240501/content \
//     --cache .cache/bench/10000-20240501/cache [--concurrency 2] [--source <key>]
import { mkdtemp, rm } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prepareSite } from "../build/prepare.ts";
import { precomputeDiffs } from "../cache/diffs.ts";
import { readSiteConfig } from "../site/config.ts";
import { writeSearchIndex } from "./index-site.ts";
import { searchShards } from "./shards.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PAGE = 4096;

/** Resident memory of a process in bytes (0 once it has gone). */
function rss(pid: number): number {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, "utf8").split(" ");
    return Number(statm[1]) * PAGE;
  } catch {
    return 0;
  }
}

/** Direct children of a process (Pagefind's service is one). */
function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      content: { type: "string" },
      cache: { type: "string" },
      concurrency: { type: "string" },
      source: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
  if (values.help || !values.content) {
    console.log(
      "Usage: node --import tsx scripts/search/measure.ts --content <dir> [--cache <dir>] " +
        "[--concurrency <n>] [--source <key> ...]\nTimes writeSearchIndex on a content folder.",
    );
    process.exit(values.help ? 0 : 1);
  }
  const cacheDir = values.cache;
  const started = performance.now();
  const site = await prepareSite({
    contentDir: values.content,
    config: readSiteConfig({ SITE_URL: "https://archive.example.net/" }),
    precompute: cacheDir
      ? async (archive) => (await precomputeDiffs(archive, { root: ROOT, cacheDir })).diff
      : undefined,
  });
  const prepared = (performance.now() - started) / 1000;
  const shards = searchShards(site.model);
  console.log(
    `Prepared ${site.model.totals.articles} articles (${site.model.totals.changes} changes) in ${shards.length} sources in ${prepared.toFixed(1)} s.`,
  );

  const out = await mkdtemp(path.join(tmpdir(), "search-measure-"));
  const baseline = rss(process.pid);
  let peakOwn = baseline;
  let peakPagefind = 0;
  let peakTree = baseline;
  const sampler = setInterval(() => {
    const own = rss(process.pid);
    const service = children(process.pid).reduce((sum, pid) => sum + rss(pid), 0);
    peakOwn = Math.max(peakOwn, own);
    peakPagefind = Math.max(peakPagefind, service);
    peakTree = Math.max(peakTree, own + service);
  }, 100);
  const start = performance.now();
  const result = await writeSearchIndex(out, site.model, {
    sources: values.source ? new Set(values.source) : undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  });
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  console.log(
    `Indexed ${result.records} records in ${result.shards} shards in ${seconds.toFixed(1)} s.\n` +
      `Peak memory while indexing: Pagefind ${mb(peakPagefind)}, this process ${mb(peakOwn)} ` +
      `(${mb(baseline)} before indexing), both together ${mb(peakTree)}.`,
  );
  await rm(out, { recursive: true, force: true });
}

await main();
