// Writes the Pagefind bundles for a built site, one per source (shards.ts). Each bundle is
// written by bundle.ts from a fresh index; several bundles are written at once by worker
// threads, each with its own Pagefind process (docs/search.md has the measurements).
import { availableParallelism } from "node:os";
import { rm } from "node:fs/promises";
import path from "node:path";
import { codeFile } from "../build/code.ts";
import { ask, startThread } from "../build/threads.ts";
import {
  findByArticles,
  hasBundle,
  noteArticles,
  restoreBundle,
  type BundleCacheOptions,
} from "../cache/search-bundles.ts";
import type { SiteModel } from "../site/model.ts";
import {
  bundleKeyOf,
  closePagefind,
  SearchIndexError,
  writeBundle,
  type BundleJob,
} from "./bundle.ts";
import type { WorkerReply, WorkerRequest, WorkerSettings } from "./index-worker.ts";
import { searchRecordsOf, type SearchRecord } from "./records.ts";
import { SEARCH_ROOT, searchShardPath, searchShards, type SearchShard } from "./shards.ts";

export { SearchIndexError } from "./bundle.ts";

/**
 * Bundles written at once, each by its own Pagefind process (one per worker thread). A
 * Pagefind service answers one request at a time and keeps one core busy, so more processes
 * than cores only add memory (up to ~300 MB each for the largest source).
 */
const DEFAULT_PROCESSES = Math.max(1, Math.min(availableParallelism(), 4));

export interface SearchIndexOptions {
  /**
   * Index only these shards, leaving every other shard in `siteDir` as it is (an incremental
   * build copies them from the previous site). A listed shard that no longer has articles
   * loses its bundle. Without it, every shard is indexed and `pagefind/` is rewritten.
   */
  shards?: ReadonlySet<string>;
  /**
   * Pagefind processes indexing at once (default: one per core, at most 4). With 1, or a
   * single shard to index, the bundle is written from this thread and no worker is started.
   */
  concurrency?: number;
  /**
   * Called with each source's records, article by article, as its bundle is written: the
   * build keeps them, so the next incremental build can index that source again without
   * loading its unchanged articles (scripts/cache/search-records.ts).
   */
  indexed?: (source: string, records: ArticleRecords[]) => Promise<void>;
  /**
   * The bundle cache: a source whose records are those of a bundle it holds is copied from
   * it rather than indexed (scripts/cache/search-bundles.ts).
   */
  bundles?: BundleCacheOptions;
  /**
   * Records a source's articles already have, by article id (the search-record cache, for
   * the articles whose fingerprint is unchanged): taken as they are, so only the other
   * articles' records are made. Making them reads every change's blocks.
   */
  kept?: (source: string) => Promise<ReadonlyMap<string, SearchRecord[]>>;
  /**
   * What a source's records are made from, as one string (the build: a hash of its articles,
   * in order, with each one's fingerprint), or undefined when that is not known. With the
   * bundle cache, a bundle noted under the same string is copied without making or reading
   * the records; every bundle a full build copies or indexes is noted.
   */
  madeFrom?: (source: string, articles: readonly string[]) => string | undefined;
}

/** One article's records, under its id ("source/slug"). */
export type ArticleRecords = [id: string, records: SearchRecord[]];

/** One bundle to write: a source's records, made when its turn comes. */
export interface ShardWork {
  key: string;
  lang: string;
  /** Site-relative folder of the bundle. */
  path: string;
  /** Articles: the largest shards are written first. */
  size: number;
  /** What its records are made from (SearchIndexOptions.madeFrom), when known. */
  madeFrom?: string;
  records(): ArticleRecords[] | Promise<ArticleRecords[]>;
}

export interface SearchIndexResult {
  records: number;
  /** Languages indexed, as Pagefind split them. */
  languages: string[];
  /** Bundles written, one per source indexed. */
  shards: number;
  /** Of those, the bundles copied from the bundle cache instead of indexed. */
  cached: number;
}

/** Something that writes bundles one at a time: this thread, or a worker thread. */
interface Indexer {
  write(job: BundleJob): Promise<number>;
  /** Stops its Pagefind process (and its thread). */
  close(): Promise<void>;
}

const inThisThread: Indexer = { write: writeBundle, close: closePagefind };

function startWorker(options: WorkerSettings = {}): Indexer {
  const worker = startThread(codeFile("scripts/search/index-worker.ts"), { workerData: options });
  const call = (request: WorkerRequest) =>
    ask<WorkerReply>(
      worker,
      request,
      (code) => new SearchIndexError(`The search indexing thread stopped (exit code ${code}).`),
    );
  return {
    async write(job) {
      const reply = await call({ bundle: job });
      if ("records" in reply) return reply.records;
      if ("error" in reply) {
        throw reply.searchIndexError ? new SearchIndexError(reply.error) : new Error(reply.error);
      }
      throw new Error(
        `The search indexing thread answered a bundle with ${JSON.stringify(reply)}.`,
      );
    },
    async close() {
      try {
        // Lets the worker stop its Pagefind process before the thread goes.
        await call({ close: true });
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** A shard of the model, its records made from its entries (or taken from `kept`). */
function workOf(
  shard: SearchShard,
  kept: SearchIndexOptions["kept"],
  madeFrom: SearchIndexOptions["madeFrom"],
): ShardWork {
  const made = madeFrom?.(
    shard.key,
    shard.entries.map((entry) => entry.id),
  );
  return {
    key: shard.key,
    lang: shard.lang,
    path: shard.path,
    size: shard.entries.length,
    ...(made === undefined ? {} : { madeFrom: made }),
    records: async () => {
      const have = kept ? await kept(shard.key) : undefined;
      return shard.entries.map((entry) => [
        entry.id,
        have?.get(entry.id) ?? searchRecordsOf(entry),
      ]);
    },
  };
}

export async function writeSearchIndex(
  siteDir: string,
  model: SiteModel,
  options: SearchIndexOptions = {},
): Promise<SearchIndexResult> {
  const all = searchShards(model);
  const only = options.shards;
  const shards = only ? all.filter((s) => only.has(s.key)) : all;
  if (only) {
    // A listed shard without articles (or no longer in the archive) must not keep a stale bundle.
    const kept = new Set(shards.map((s) => s.key));
    for (const key of only) {
      if (!kept.has(key))
        await rm(path.join(siteDir, searchShardPath(key)), { recursive: true, force: true });
    }
  } else {
    await rm(path.join(siteDir, SEARCH_ROOT), { recursive: true, force: true });
  }
  return indexShards(
    siteDir,
    shards.map((shard) => workOf(shard, options.kept, options.madeFrom)),
    options,
  );
}

/**
 * Writes one bundle per shard into `siteDir` (each bundle's folder is emptied first; nothing
 * else is touched), several at once when there are several.
 */
export async function indexShards(
  siteDir: string,
  shards: readonly ShardWork[],
  options: Pick<SearchIndexOptions, "concurrency" | "indexed" | "bundles"> & {
    /**
     * Index beside a build that is about to keep this thread busy for seconds at a time
     * (loading the archive): Pagefind is fed from worker threads even for one bundle, so it
     * does not wait for this thread between records, and those threads and their Pagefind
     * processes yield the cores to the build (index-worker.ts `yieldToBuild`).
     */
    threads?: boolean;
  } = {},
): Promise<SearchIndexResult> {
  if (shards.length === 0) return { records: 0, languages: [], shards: 0, cached: 0 };
  const processes = Math.max(1, Math.min(options.concurrency ?? DEFAULT_PROCESSES, shards.length));
  // Largest shards first, so the last one to finish is a small one and no process waits long.
  const queue = [...shards].sort((a, b) => b.size - a.size);
  // Started when a lane first has a bundle to index: bundles copied from the cache need none.
  const started: Indexer[] = [];
  const start = (): Indexer => {
    const indexer =
      processes === 1 && !options.threads
        ? inThisThread
        : startWorker({ yieldToBuild: options.threads ?? false });
    started.push(indexer);
    return indexer;
  };
  const bundles = options.bundles;
  let records = 0;
  let cached = 0;
  let next = 0;
  let failed = false;
  // Each lane takes the next shard until none are left or one has failed. Records are built
  // here, per shard, just before it is written, so only the shards in flight are held as
  // records. A bundle the cache holds is copied here; only the others go to an indexer, so
  // its thread is sent no records it would not index.
  const lane = async () => {
    let indexer: Indexer | undefined;
    while (!failed && next < queue.length) {
      const shard = queue[next++]!;
      try {
        const outputPath = path.join(siteDir, shard.path);
        // Noted as made from these very articles: copied without making or reading its records.
        const noted =
          bundles && shard.madeFrom !== undefined
            ? findByArticles(bundles.dir, shard.key, shard.madeFrom)
            : undefined;
        if (noted && (await restoreBundle(bundles!.dir, shard.key, noted.key, outputPath))) {
          cached++;
          records += noted.records;
          continue;
        }
        const articles = await shard.records();
        const job: BundleJob = {
          key: shard.key,
          outputPath,
          records: articles.flatMap(([, own]) => own),
        };
        // Decided without waiting: an incremental build starts this while its thread is about
        // to load the archive, and a bundle to index must reach its thread at once.
        const write = async (): Promise<number> => {
          const key = bundles && bundleKeyOf(job.records);
          if (
            key &&
            hasBundle(bundles.dir, job.key, key) &&
            (await restoreBundle(bundles.dir, job.key, key, outputPath))
          ) {
            cached++;
          } else {
            if (key && bundles.store) job.store = { dir: bundles.dir, key };
            indexer ??= start();
            await indexer.write(job);
          }
          if (key && bundles.store && shard.madeFrom !== undefined) {
            await noteArticles(bundles.dir, job.key, key, shard.madeFrom, job.records.length);
          }
          return job.records.length;
        };
        // The records are kept while Pagefind indexes them (they are what is kept, whatever
        // it makes of them). Awaited first: `records += await …` would read `records` before
        // another lane adds to it.
        const [written] = await Promise.all([write(), options.indexed?.(shard.key, articles)]);
        records += written;
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  try {
    const outcomes = await Promise.allSettled(Array.from({ length: processes }, lane));
    const rejected = outcomes.find((o) => o.status === "rejected");
    if (rejected) throw rejected.reason;
  } finally {
    // Stops every Pagefind process so the build's own process can exit.
    await Promise.allSettled(started.map((i) => i.close()));
  }
  return {
    records,
    languages: [...new Set(shards.map((s) => s.lang))].sort(),
    shards: shards.length,
    cached,
  };
}
