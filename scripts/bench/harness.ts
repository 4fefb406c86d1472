// The benchmark: generates (or reuses) a synthetic archive, then times, each as the median of
// several runs of real builds in child processes: a cold full build, a full build with a warm
// cache (CI with its cache restored), a rebuild with nothing changed, a rebuild after one
// version is added, plus diff throughput and a same-run baseline of plain Eleventy.
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, statfs, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { BUILD_NODE_FLAGS } from "../build/memory.ts";
import { hashOf } from "../build/hash.ts";
import type { VersionText } from "../diff/types.ts";
import { startThread } from "../run/threads.ts";
import { diffVersions } from "../diff/index.ts";
import { loadArchive } from "../load/index.ts";
import { serializeArticle } from "../load/write.ts";
import {
  AFTER_ARCHIVE,
  appendVersion,
  articleFile,
  generateArticle,
  writeArchive,
  type ArchiveShape,
} from "./generate.ts";
import { hasGnuTime, measure, median, type Measurement } from "./measure.ts";
import { benchSharded, type ShardedReport } from "./sharded.ts";
import { formatOutputSize, measureOutput, type OutputSize } from "./output-size.ts";

export interface BenchOptions {
  root: string;
  articles: number;
  seed: number;
  runs: number;
  /** Where archives, outputs and caches go (default <root>/.cache/bench). */
  workDir: string;
  log: (line: string) => void;
  /** Skip the cold full build (it is the slowest part at 100k). */
  skipCold?: boolean;
  /** V8 heap limit for the builds, in MB (Node's default is about 4 GB; 100k articles need more). */
  heapMb?: number;
  /** Also build the archive as this many shards and a merge (the CI matrix's critical path). */
  shards?: number;
}

export interface Sample {
  wallMs: number;
  cpuMs?: number;
  maxRssMb?: number;
  treeRssMb?: number;
  /** The build's own phase timings (prepare, render, search, …). */
  phases?: Record<string, number>;
  mode?: string;
  pages?: number;
}

export interface Row {
  name: string;
  samples: Sample[];
  median: Sample;
}

export interface BenchReport {
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; gnuTime: boolean };
  archive: { articles: number; versions: number; changes: number; seed: number; mb: number };
  rows: Row[];
  diff: {
    pairs: number;
    mb: number;
    singleThreadMbPerS: number;
    /** The same, per second of CPU time: steadier than wall time when the machine is shared. */
    singleThreadMbPerCpuS: number;
    workersMbPerS: number;
    workers: number;
  };
  /** The warm full build's output by kind of file (output-size.ts). */
  output?: OutputSize;
  /** Measured while other work may have shared the machine; compare rows with the baseline. */
  loadAverage: number[];
  sharded?: ShardedReport;
}

const NODE = process.execPath;

/** Generates the archive unless the same size, seed and generator code already produced it. */
export async function ensureArchive(options: BenchOptions): Promise<string> {
  const dir = path.join(options.workDir, `${options.articles}-${options.seed}`, "content");
  const stampFile = path.join(dir, "..", "stamp.json");
  const generator = [
    "scripts/bench/generate.ts",
    "scripts/bench/random.ts",
    "scripts/load/write.ts",
  ];
  const stamp = hashOf(
    String(options.articles),
    String(options.seed),
    ...(await Promise.all(generator.map((f) => readFile(path.join(options.root, f))))),
  );
  const existing = await readFile(stampFile, "utf8").catch(() => "");
  if (existing === stamp && existsSync(dir)) return dir;
  options.log(`Generating ${options.articles} articles (seed ${options.seed}) into ${dir} …`);
  const started = performance.now();
  await rm(stampFile, { force: true });
  const shape: ArchiveShape = { articles: options.articles, seed: options.seed };
  await writeArchive(dir, shape);
  await writeFile(stampFile, stamp);
  options.log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return dir;
}

function sampleOf(m: Measurement): Sample {
  const last = m.stdout.trim().split("\n").at(-1) ?? "";
  let parsed: { timings?: Record<string, number>; mode?: string; pages?: number } = {};
  try {
    parsed = JSON.parse(last) as typeof parsed;
  } catch {
    // The baseline and failed runs print no phases.
  }
  return {
    wallMs: m.wallMs,
    ...(m.cpuMs !== undefined ? { cpuMs: m.cpuMs } : {}),
    ...(m.maxRssMb !== undefined ? { maxRssMb: m.maxRssMb } : {}),
    ...(m.treeRssMb !== undefined ? { treeRssMb: m.treeRssMb } : {}),
    ...(parsed.timings ? { phases: parsed.timings } : {}),
    ...(parsed.mode ? { mode: parsed.mode } : {}),
    ...(parsed.pages !== undefined ? { pages: parsed.pages } : {}),
  };
}

function medianSample(samples: Sample[]): Sample {
  const pick = (f: (s: Sample) => number | undefined) => {
    const values = samples.map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const phases: Record<string, number> = {};
  for (const name of new Set(samples.flatMap((s) => Object.keys(s.phases ?? {})))) {
    phases[name] = pick((s) => s.phases?.[name]) ?? 0;
  }
  const cpuMs = pick((s) => s.cpuMs);
  const maxRssMb = pick((s) => s.maxRssMb);
  const treeRssMb = pick((s) => s.treeRssMb);
  return {
    wallMs: pick((s) => s.wallMs)!,
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    ...(maxRssMb !== undefined ? { maxRssMb } : {}),
    ...(treeRssMb !== undefined ? { treeRssMb } : {}),
    phases,
    ...(samples[0]?.mode ? { mode: samples[0].mode } : {}),
    ...(samples[0]?.pages !== undefined ? { pages: samples[0].pages } : {}),
  };
}

async function build(
  options: BenchOptions,
  content: string,
  out: string,
  cache: string | undefined,
): Promise<Sample> {
  const m = await measure(
    NODE,
    [
      ...BUILD_NODE_FLAGS,
      ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
      // Compiled, as `npm run build` runs (scripts/launch.mjs).
      path.join(options.root, "scripts/launch.mjs"),
      "scripts/bench/child-build.ts",
      content,
      out,
      cache ?? "--no-cache",
    ],
    { cwd: options.root },
  );
  if (m.exitCode !== 0) {
    throw new Error(
      `A benchmark build failed (exit code ${m.exitCode}):\n${m.stderr.slice(-4000)}`,
    );
  }
  return sampleOf(m);
}

export async function diffThroughput(
  content: string,
  log: (line: string) => void,
): Promise<{ report: BenchReport["diff"]; versions: number; changes: number; mb: number }> {
  const { archive, problems } = await loadArchive(content);
  if (problems.length > 0)
    throw new Error(`The generated archive has problems: ${problems[0]!.message}`);
  type DiffJob = { from: VersionText; to: VersionText; language: string };
  const jobs: DiffJob[] = [];
  let versions = 0;
  let bytes = 0;
  for (const article of archive.articles) {
    versions += article.versions.length;
    for (const v of article.versions) bytes += Buffer.byteLength(v.paragraphs.join("\n\n"));
    for (let i = 1; i < article.versions.length; i++) {
      const from = article.versions[i - 1]!;
      const to = article.versions[i]!;
      jobs.push({ from, to, language: "en" });
    }
  }
  // Every fourth pair, at most 6,000: enough for a stable figure in a few seconds.
  const sample = jobs.filter((_, i) => i % 4 === 0).slice(0, 6000);
  const size = (j: DiffJob) =>
    Buffer.byteLength(j.from.paragraphs.join("\n\n")) +
    Buffer.byteLength(j.to.paragraphs.join("\n\n"));
  const mb = sample.reduce((n, j) => n + size(j), 0) / 1e6;
  log(`Diff throughput on ${sample.length} pairs (${mb.toFixed(1)} MB of text) …`);
  // Compiled and warmed first, as each worker thread is before its clock starts.
  for (const j of sample.slice(0, 2 * 100)) diffVersions(j.from, j.to, { language: j.language });
  let started = performance.now();
  const cpu = process.cpuUsage();
  for (const j of sample) diffVersions(j.from, j.to, { language: j.language });
  const single = mb / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  const perCpu = mb / ((used.user + used.system) / 1e6);
  const workers = cpus().length;
  const parallel = mb / ((await diffInWorkers(sample, workers)) / 1000);
  return {
    report: {
      pairs: sample.length,
      mb,
      singleThreadMbPerS: single,
      singleThreadMbPerCpuS: perCpu,
      workersMbPerS: parallel,
      workers,
    },
    versions,
    changes: jobs.length,
    mb: bytes / 1e6,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log;
  const content = await ensureArchive(options);
  const base = path.dirname(content);
  const out = path.join(base, "dist");
  const cache = path.join(base, "cache");
  const rows: Row[] = [];
  const record = (name: string, samples: Sample[]) => {
    const row = { name, samples, median: medianSample(samples) };
    rows.push(row);
    const phases = Object.entries(row.median.phases ?? {})
      .filter(([, ms]) => ms >= 50)
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
      .join(", ");
    log(
      `  ${name}: ${(row.median.wallMs / 1000).toFixed(1)} s (median of ${samples.length})${phases ? `; ${phases}` : ""}`,
    );
  };
  const runs = Array.from({ length: options.runs }, (_, i) => i);
  const aside = new OutputsAside(options.articles, log);
  try {
    const diff = await diffThroughput(content, log);
    log(
      `  diff: ${diff.report.singleThreadMbPerS.toFixed(1)} MB/s on one thread, ${diff.report.workersMbPerS.toFixed(1)} MB/s in ${diff.report.workers} workers`,
    );

    if (!options.skipCold) {
      log("Full build, no cache (as a first build or --no-cache) …");
      const cold: Sample[] = [];
      for (const _ of runs) {
        await aside.clear(out);
        await rm(cache, { recursive: true, force: true });
        cold.push(await build(options, content, out, cache));
      }
      record("full build, cold cache", cold);
    }

    log("Full build with a warm cache (CI with its cache restored, fresh checkout) …");
    const warm: Sample[] = [];
    for (const _ of runs) {
      await aside.clear(out);
      warm.push(await build(options, content, out, cache));
    }
    record("full build, warm cache", warm);
    const output = { ...(await measureOutput(out)), bodyBytes: diff.mb * 1e6 };

    log("Rebuild with nothing changed …");
    const same: Sample[] = [];
    for (const _ of runs) same.push(await build(options, content, out, cache));
    record("rebuild, nothing changed", same);

    log("Rebuild after one version is added to one article …");
    const originals = new Map<string, string>();
    const added: Sample[] = [];
    try {
      for (const run of runs) {
        // A different article each run, spread over the archive.
        const index = (run * 7919 + 17) % options.articles;
        const article = generateArticle(options.seed, index);
        const file = articleFile(content, article);
        originals.set(file, await readFile(file, "utf8"));
        // Captured now, after everything in the archive, as a scraper's new version would be.
        const next = appendVersion(article, run + 1, AFTER_ARCHIVE + run * 3600_000);
        await writeFile(file, serializeArticle(next.article.frontmatter));
        added.push(await build(options, content, out, cache));
      }
    } finally {
      // Back to the generated archive, so the next benchmark starts from the same content.
      for (const [file, text] of originals) await writeFile(file, text);
    }
    record("rebuild, one version added", added);

    log("Baseline: plain Eleventy writing the same number of trivial pages …");
    const pages =
      rows.find((r) => r.name.startsWith("full"))?.median.pages ?? options.articles * 10;
    const baseline: Sample[] = [];
    for (const _ of runs) {
      const dir = path.join(base, "baseline");
      await aside.clear(dir);
      const m = await measure(
        NODE,
        [
          "--import",
          "tsx",
          path.join(options.root, "scripts/bench/baseline.ts"),
          String(pages),
          dir,
        ],
        { cwd: options.root },
      );
      if (m.exitCode !== 0) throw new Error(`The baseline failed:\n${m.stderr.slice(-2000)}`);
      baseline.push({ ...sampleOf(m), pages });
      await aside.clear(dir);
    }
    record(`baseline: plain Eleventy, ${pages} trivial pages`, baseline);

    let sharded: ShardedReport | undefined;
    if (options.shards) {
      log(`The same archive as ${options.shards} shards and a merge …`);
      sharded = await benchSharded({
        root: options.root,
        content,
        dir: path.join(base, "sharded"),
        count: options.shards,
        ...(options.heapMb ? { heapMb: options.heapMb } : {}),
        log,
      });
      await aside.clear(path.join(base, "sharded"));
    }

    const { loadavg } = await import("node:os");
    return {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        gnuTime: hasGnuTime(),
      },
      archive: {
        articles: options.articles,
        versions: diff.versions,
        changes: diff.changes,
        seed: options.seed,
        mb: diff.mb,
      },
      rows,
      diff: diff.report,
      output,
      loadAverage: loadavg(),
      ...(sharded ? { sharded } : {}),
    };
  } finally {
    await aside.deleteAll();
  }
}

/**
 * Outputs of earlier builds (and of the baseline), moved out of the way of a timed build and
 * deleted once the benchmark is over. Deleting a site of 98,000 files right before a build
 * slows that build on some disks (here: up to twice the system time, docs/performance.md),
 * and a CI runner starts with no site to delete; the benchmark times the build, not the
 * deletion's wake.
 * Without room to keep one (three times a site's estimated size free), it is deleted at once,
 * and the log says so.
 */
class OutputsAside {
  private readonly folders: string[] = [];
  constructor(
    private readonly articles: number,
    private readonly log: (line: string) => void,
  ) {}

  async clear(dir: string): Promise<void> {
    if (!existsSync(dir)) return;
    const disk = await statfs(path.dirname(dir));
    if (disk.bavail * disk.bsize < 3 * this.articles * SITE_BYTES_PER_ARTICLE) {
      this.log(
        `  (deleting ${path.basename(dir)}/ now: too little free disk space to set it aside)`,
      );
      await rm(dir, { recursive: true, force: true });
      return;
    }
    const folder = `${dir}-aside-${this.folders.length + 1}-${process.pid}`;
    await rename(dir, folder);
    this.folders.push(folder);
  }

  async deleteAll(): Promise<void> {
    if (this.folders.length === 0) return;
    this.log(`Deleting ${this.folders.length} earlier outputs set aside …`);
    for (const folder of this.folders.splice(0)) await rm(folder, { recursive: true, force: true });
  }
}

/** A built site's size per article, about: 2.2 GB for newsroom-10k. */
const SITE_BYTES_PER_ARTICLE = 250_000;

const seconds = (ms: number | undefined) => (ms === undefined ? "" : (ms / 1000).toFixed(1));
const mb = (v: number | undefined) => (v === undefined ? "" : String(Math.round(v)));

/** The report as a Markdown table (printed, and pasted into docs/performance.md). */
export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const a = report.archive;
  const lines = [
    `Archive: ${a.articles} articles, ${a.versions} versions, ${a.changes} changes, ${a.mb.toFixed(0)} MB of body text (seed ${a.seed})`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}; load average at the end ${report.loadAverage.map((l) => l.toFixed(1)).join(" ")}`,
    "",
    "| measure | wall s | CPU s | peak RSS MB (largest process) | peak RSS MB (process tree) | files | phases (s) |",
    "| --- | --: | --: | --: | --: | --: | --- |",
    ...report.rows.map((r) => {
      const s = r.median;
      const phases = Object.entries(s.phases ?? {})
        .filter(([, ms]) => ms >= 50)
        .map(([name, ms]) => `${name} ${seconds(ms)}`)
        .join(", ");
      return `| ${r.name} | ${seconds(s.wallMs)} | ${seconds(s.cpuMs)} | ${mb(s.maxRssMb)} | ${mb(s.treeRssMb)} | ${s.pages ?? ""} | ${phases} |`;
    }),
    "",
    ...(report.output ? [formatOutputSize(report.output, a.articles), ""] : []),
    `Diff throughput: ${report.diff.singleThreadMbPerS.toFixed(1)} MB/s on one thread (${report.diff.singleThreadMbPerCpuS.toFixed(1)} MB per CPU-second), ${report.diff.workersMbPerS.toFixed(1)} MB/s with ${report.diff.workers} worker threads, ${(report.diff.workersMbPerS / report.diff.singleThreadMbPerS).toFixed(2)} × one thread (${report.diff.pairs} consecutive pairs, ${report.diff.mb.toFixed(1)} MB of old + new body text).`,
    ...(report.sharded
      ? [
          "",
          `Sharded: ${report.sharded.shards.length} shards, critical path (slowest shard + merge) ${seconds(report.sharded.criticalPathMs)} s.`,
          "",
          "| process | wall s | CPU s | peak RSS MB (process tree) |",
          "| --- | --: | --: | --: |",
          ...report.sharded.shards.map(
            (s) =>
              `| shard ${s.index} | ${seconds(s.wallMs)} | ${seconds(s.cpuMs)} | ${mb(s.treeRssMb)} |`,
          ),
          `| merge | ${seconds(report.sharded.merge.wallMs)} | ${seconds(report.sharded.merge.cpuMs)} | ${mb(report.sharded.merge.treeRssMb)} |`,
        ]
      : []),
  ];
  return lines.join("\n");
}

export async function writeJson(file: string, report: BenchReport): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Diffs the pairs in `workers` threads, each given its share beforehand (as the build's
 * article workers read their own files): the milliseconds from the start signal until the
 * last thread is done.
 */
async function diffInWorkers(
  jobs: readonly { from: VersionText; to: VersionText }[],
  workers: number,
): Promise<number> {
  const threads = Array.from({ length: workers }, () =>
    startThread(path.join(import.meta.dirname, "diff-worker.ts")),
  );
  const next = (w: (typeof threads)[number]) =>
    new Promise<unknown>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
  try {
    await Promise.all(
      threads.map((w, i) => {
        const reply = next(w);
        w.postMessage({
          pairs: jobs.filter((_, k) => k % workers === i).map((j) => [j.from, j.to]),
        });
        return reply;
      }),
    );
    const started = performance.now();
    await Promise.all(
      threads.map((w) => {
        const reply = next(w);
        w.postMessage("go");
        return reply;
      }),
    );
    return performance.now() - started;
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
