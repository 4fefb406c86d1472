// Writes the Pagefind bundles for a built site, one per source (shards.ts). Each bundle is
// written by bundle.ts from a fresh index; several bundles are written at once by worker
// threads, each with its own Pagefind process (docs/search.md has the measurements).
import { availableParallelism } from "node:os";
import { codeFile } from "../run/code.ts";
import { ask, startThread } from "../run/threads.ts";
import { closePagefind, SearchIndexError, writeBundle, type BundleJob } from "./bundle.ts";
import type { WorkerReply, WorkerRequest } from "./index-worker.ts";
import type { SearchRecord } from "./records.ts";

export { SearchIndexError } from "./bundle.ts";

/**
 * Bundles written at once, each by its own Pagefind process (one per worker thread). A
 * Pagefind service answers one request at a time and keeps one core busy, so more processes
 * than cores only add memory (up to ~300 MB each for the largest source).
 */
const DEFAULT_PROCESSES = Math.max(1, Math.min(availableParallelism(), 4));

/** One bundle to write: a shard's records, and where its files go (absolute). */
export interface ShardWork {
  /** The shard's key (its bundle's folder name), for messages. */
  key: string;
  /** Absolute folder of the bundle; emptied first. */
  outputPath: string;
  /** Records to index, in order; asked for when the bundle's turn comes. */
  records(): SearchRecord[];
}

export interface IndexOptions {
  /** Pagefind processes at once (default: one per core, at most four). */
  concurrency?: number;
  /** Called with each bundle once its files are written. */
  written?: (shard: ShardWork, records: number) => void | Promise<void>;
}

interface Indexer {
  write(job: BundleJob): Promise<number>;
  /** Stops its Pagefind process (and its thread). */
  close(): Promise<void>;
}

const inThisThread: Indexer = { write: writeBundle, close: closePagefind };

function startWorker(): Indexer {
  const worker = startThread(codeFile("scripts/search/index-worker.ts"));
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
/**
 * Writes each shard's bundle, the largest first, with up to `concurrency` Pagefind processes
 * (each in a worker thread of its own, since one process answers one request at a time). With
 * one process, or one shard, the bundle is written from this thread. Bundles are independent,
 * so the files are the same however many processes wrote them. Returns the records indexed.
 */
export async function indexShards(
  shards: readonly ShardWork[],
  options: IndexOptions = {},
): Promise<number> {
  if (shards.length === 0) return 0;
  const processes = Math.max(1, Math.min(options.concurrency ?? DEFAULT_PROCESSES, shards.length));
  const started: Indexer[] = [];
  const start = (): Indexer => {
    const indexer = processes === 1 ? inThisThread : startWorker();
    started.push(indexer);
    return indexer;
  };
  let records = 0;
  let next = 0;
  let failed = false;
  const lane = async () => {
    let indexer: Indexer | undefined;
    while (!failed && next < shards.length) {
      const shard = shards[next++]!;
      try {
        indexer ??= start();
        const job: BundleJob = {
          key: shard.key,
          outputPath: shard.outputPath,
          records: shard.records(),
        };
        const count = await indexer.write(job);
        records += count;
        await options.written?.(shard, count);
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
    await Promise.allSettled(started.map((i) => i.close()));
  }
  return records;
}
