// Every change the site shows, computed before the site model is built: looked up in the
// diff cache first, and what is missing diffed in worker threads, one per core.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { codeFile } from "../build/code.ts";
import { ask, startThread } from "../build/threads.ts";
import { diffVersions } from "../diff/index.ts";
import type { Change, VersionText } from "../diff/types.ts";
import type { Archive, Article, Version } from "../load/types.ts";
import type { DiffFunction } from "../site/model.ts";
import { compactChange, DiffCache, diffKey, type CacheStats } from "./diff-cache.ts";
import { codeHash } from "./hash.ts";
import type { HeadsSnapshot } from "./heads-snapshot.ts";

export interface DiffJob {
  from: VersionText;
  to: VersionText;
  language: string | undefined;
}

export interface PrecomputeOptions {
  /** Project root, to hash the diff engine's code. */
  root: string;
  /** Cache folder (e.g. `.cache`); without it nothing is read or kept. */
  cacheDir?: string;
  /** Read cached changes from their heads, blocks when first read (diff-cache.ts). */
  heads?: boolean;
  /** Worker threads for the diffs not in the cache (default: one per core). */
  workers?: number;
  /**
   * The heads as the last build loaded them: an article read from its line there takes its
   * changes' heads from it too (no keys hashed, no pack read); every article's changes are
   * noted in it for its next lines.
   */
  snapshot?: HeadsSnapshot;
}

export interface Precomputed {
  diff: DiffFunction;
  stats: CacheStats & { pairs: number; workers: number };
}

/** Folders whose code decides what a change is: editing any of it empties the diff cache. */
export const DIFF_ENGINE_CODE = ["scripts/diff", "node_modules/diff/package.json"];

/** The diff engine's code, and how the cache stores and keys a change. */
export function diffEngineHash(root: string): Promise<string> {
  return codeHash(root, [
    ...DIFF_ENGINE_CODE,
    "scripts/cache/diff-cache.ts",
    "scripts/cache/hash.ts",
  ]);
}

/** Below this many diffs to compute, starting workers costs more than it saves. */
const MIN_PARALLEL_JOBS = 64;
/** Pairs sent to a worker at once: large enough to amortise messaging, small enough to balance. */
const BATCH = 16;

/** The pairs the site model asks for: neighbours, and first → latest from three versions on. */
function pairsOf(article: Article): [Version, Version][] {
  const v = article.versions;
  const pairs: [Version, Version][] = [];
  for (let i = 1; i < v.length; i++) pairs.push([v[i - 1]!, v[i]!]);
  if (v.length > 2) pairs.push([v[0]!, v[v.length - 1]!]);
  return pairs;
}

/** Where a pair is among pairsOf(article), or -1 when it is not one of them. */
function pairIndex(article: Article, from: Version, to: Version): number {
  const v = article.versions;
  const at = v.indexOf(to);
  if (at > 0 && v[at - 1] === from) return at - 1;
  if (v.length > 2 && from === v[0] && at === v.length - 1) return v.length - 1;
  return -1;
}

const textOf = (v: Version): VersionText => ({
  headline: v.headline,
  byline: v.byline,
  standfirst: v.standfirst,
  paragraphs: v.paragraphs,
});

export async function precomputeDiffs(
  archive: Archive,
  options: PrecomputeOptions,
): Promise<Precomputed> {
  const language = new Map(archive.sources.map((s) => [s.key, s.language]));
  const cache = options.cacheDir
    ? await DiffCache.open(options.cacheDir, await diffEngineHash(options.root), {
        heads: options.heads ?? false,
      })
    : undefined;
  // Each article's changes in the order of pairsOf, found again by their place: not under an
  // id string and a map entry each, made for newsroom-10k's 31,000 changes in every rebuild
  // only to look them up once.
  const changes = new WeakMap<Article, Change[]>();
  let pairCount = 0;
  const missing: { own: Change[]; index: number; key: string; job: DiffJob }[] = [];
  const snapshot = cache ? options.snapshot : undefined;
  /** Articles whose changes go into the snapshot's next lines once all are known. */
  const noted: { article: Article; language: string; keys: string[] }[] = [];
  for (const article of archive.articles) {
    const lang = language.get(article.source);
    const pairs = pairsOf(article);
    const own: Change[] = new Array(pairs.length);
    changes.set(article, own);
    pairCount += pairs.length;
    const recompute = (from: Version, to: Version) => () =>
      diffVersions(textOf(from), textOf(to), { language: lang });
    const known = snapshot?.changesOf(article, lang ?? "", pairs.length);
    if (known) {
      pairs.forEach(([from, to], i) => {
        own[i] = cache!.fromSnapshot(known, i, to, recompute(from, to));
      });
      continue;
    }
    const keys: string[] = [];
    pairs.forEach(([from, to], i) => {
      // Keyed by the versions themselves: their hashes are remembered per version object.
      const key = diffKey(from, to, lang);
      keys.push(key);
      const cached = cache?.get(key, to, recompute(from, to));
      if (cached) own[i] = cached;
      else {
        const job = { from: textOf(from), to: textOf(to), language: lang };
        missing.push({ own, index: i, key, job });
      }
    });
    if (snapshot) noted.push({ article, language: lang ?? "", keys });
  }
  const workers =
    missing.length < MIN_PARALLEL_JOBS
      ? 0
      : Math.max(1, Math.min(options.workers ?? availableParallelism(), 8));
  const computed =
    workers === 0
      ? missing.map(({ job }) => diffVersions(job.from, job.to, { language: job.language }))
      : await diffInWorkers(
          missing.map((m) => m.job),
          workers,
        );
  missing.forEach(({ own, index, key, job }, i) => {
    const change = computed[i]!;
    // Kept as the cache keeps it (unchanged paragraphs as positions in the version, blocks as
    // text until read), so a first build holds no more than a build from the cache.
    own[index] = compactChange(change, job.to);
    cache?.set(key, change, job.to);
  });
  await cache?.save();
  for (const { article, language: lang, keys } of noted) {
    snapshot!.noteChanges(article, lang, keys, changes.get(article)!);
  }
  return {
    diff: lookUpChanges(changes, language),
    stats: {
      hits: cache?.stats.hits ?? 0,
      misses: missing.length,
      pairs: pairCount,
      workers,
    },
  };
}

/**
 * The diff function the site model calls. Made here, not inside precomputeDiffs: a closure
 * keeps every variable its enclosing function shares with other closures, and there it would
 * keep the cache's packs and the uncompacted results of a first build alive for the whole
 * build (a cold newsroom-10k build's search phase sampled at 2.05–2.36 GB before, 1.46–1.75 GB
 * after).
 */
function lookUpChanges(
  changes: WeakMap<Article, Change[]>,
  language: ReadonlyMap<string, string>,
): DiffFunction {
  return (article, from, to) => {
    const index = pairIndex(article, from, to);
    const change = index < 0 ? undefined : changes.get(article)?.[index];
    if (change) return change;
    // Not one of the precomputed pairs (a caller comparing other versions): diff it now.
    return diffVersions(from, to, { language: language.get(article.source) });
  };
}

/** Diffs the jobs across worker threads; results come back in the jobs' order. */
export async function diffInWorkers(jobs: readonly DiffJob[], count: number): Promise<Change[]> {
  const results: Change[] = new Array(jobs.length);
  let next = 0;
  const script = codeFile("scripts/cache/diff-worker.ts");
  const run = async (worker: Worker) => {
    while (next < jobs.length) {
      const start = next;
      next = Math.min(jobs.length, next + BATCH);
      const changes = await ask<Change[]>(worker, jobs.slice(start, next));
      changes.forEach((change, i) => (results[start + i] = change));
    }
  };
  const pool = Array.from({ length: Math.min(count, jobs.length) }, () => startThread(script));
  try {
    await Promise.all(pool.map(run));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
