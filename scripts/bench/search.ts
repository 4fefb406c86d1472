// Measures the search index alone on a content folder: the site model is prepared first (diffs
// from the build cache when one is given), then `writeSearchIndex` is timed while the memory of
// this process and of Pagefind's service process is sampled. The figures in docs/search.md
// come from here.
//
//   node --import tsx scripts/bench/search.ts --content .cache/bench/10000-20240501/content \
//     --cache .cache/bench/10000-20240501/cache [--concurrency 1 --concurrency 2] [--source <shard key>]
import { mkdtemp, rm } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prepareSite } from "../build/prepare.ts";
import { precomputeDiffs } from "../cache/diffs.ts";
import { readSiteConfig } from "../site/config.ts";
import type { SiteModel } from "../site/model.ts";
import { writeSearchIndex, type SearchIndexOptions } from "../search/index-site.ts";
import { searchShards } from "../search/shards.ts";

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

/** Pagefind's service processes among the direct children of a process (not, say, esbuild's). */
function pagefindChildren(pid: number): number[] {
  return children(pid).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/comm`, "utf8").startsWith("pagefind");
    } catch {
      return false;
    }
  });
}

/** Direct children of a process. */
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

/** CPU seconds (user + system) a process has used so far, or undefined once it has gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      content: { type: "string" },
      cache: { type: "string" },
      concurrency: { type: "string", multiple: true },
      source: { type: "string", multiple: true },
      bundles: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help || !values.content) {
    console.log(
      "Usage: node --import tsx scripts/bench/search.ts --content <dir> [--cache <dir>] " +
        "[--concurrency <n> ...] [--source <shard key> ...] [--bundles]\nTimes writeSearchIndex on a " +
        "content folder, once per --concurrency given. With --bundles, bundles are copied from " +
        "the cache's search-bundles/ where it has them (looked up, never stored).",
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
    `Prepared ${site.model.totals.articles} articles (${site.model.totals.changes} changes) in ${shards.length} shards in ${prepared.toFixed(1)} s.`,
  );

  // Each --concurrency value is measured in turn on the same prepared model, so runs compare
  // under the same conditions (this machine's load changes from minute to minute).
  for (const concurrency of values.concurrency?.length ? values.concurrency : [undefined]) {
    await measure(site.model, {
      shards: values.source ? new Set(values.source) : undefined,
      concurrency: concurrency ? Number(concurrency) : undefined,
      ...(values.bundles && cacheDir ? { bundles: { dir: cacheDir, store: false } } : {}),
    });
  }
}

async function measure(model: SiteModel, options: SearchIndexOptions): Promise<void> {
  const out = await mkdtemp(path.join(tmpdir(), "search-measure-"));
  const baseline = rss(process.pid);
  let peakOwn = baseline;
  let peakPagefind = 0;
  let peakTree = baseline;
  // Pagefind's processes come and go: the last CPU figure seen of each is what it used.
  const childCpu = new Map<number, number>();
  // A run's stopped processes may linger (as zombies) into the next run: not this run's.
  const earlier = new Set(pagefindChildren(process.pid));
  const sample = () => {
    const own = rss(process.pid);
    const pids = pagefindChildren(process.pid).filter((pid) => !earlier.has(pid));
    for (const pid of pids) {
      const cpu = cpuSeconds(pid);
      if (cpu !== undefined) childCpu.set(pid, cpu);
    }
    const service = pids.reduce((sum, pid) => sum + rss(pid), 0);
    peakOwn = Math.max(peakOwn, own);
    peakPagefind = Math.max(peakPagefind, service);
    peakTree = Math.max(peakTree, own + service);
  };
  const sampler = setInterval(sample, 100);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await writeSearchIndex(out, model, options);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const ownCpu = (cpu.user + cpu.system) / 1e6;
  const pagefindCpu = [...childCpu.values()].reduce((a, b) => a + b, 0);
  console.log(
    `Concurrency ${options.concurrency ?? "default"}: indexed ${result.records} records in ${result.shards} shards ` +
      `(${result.cached} copied from the cache) in ${seconds.toFixed(1)} s.\n` +
      `Peak memory while indexing: Pagefind ${mb(peakPagefind)}, this process ${mb(peakOwn)} ` +
      `(${mb(baseline)} before indexing), both together ${mb(peakTree)}.\n` +
      `CPU while indexing: ${(ownCpu + pagefindCpu).toFixed(1)} s (this process and its threads ` +
      `${ownCpu.toFixed(1)} s, Pagefind ${pagefindCpu.toFixed(1)} s in ${childCpu.size} process(es)).`,
  );
  await rm(out, { recursive: true, force: true });
}

await main();
