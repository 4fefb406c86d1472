// The article stages on every core: batches of article files handed to worker threads, each
// answering with the batch's results, kept in batch order so the build never depends on which
// worker finished first. A few articles are done on this thread: starting workers costs more.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { mapLimited } from "../load/index.ts";
import { codeFile } from "../run/code.ts";
import {
  processArticles,
  type ArticleContext,
  type ArticleJob,
  type ArticleResult,
} from "./articles.ts";
import { ask, startThread } from "../run/threads.ts";

/** Below this many articles, this thread does them: a worker's start costs more. */
const MIN_THREADED = 64;
/** Articles per batch: small enough that batches even out between workers. */
const BATCH = 64;

export async function processAll(
  jobs: readonly ArticleJob[],
  context: ArticleContext,
  options: { workers?: number; onBatch?: (done: number) => void } = {},
): Promise<ArticleResult[]> {
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), 8));
  if (jobs.length < MIN_THREADED || workers < 2) {
    const results = await processArticles(jobs, context);
    options.onBatch?.(results.length);
    return results;
  }
  const batches: ArticleJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  const pool: Worker[] = [];
  const free: Worker[] = [];
  const take = (): Worker => {
    const worker = free.pop();
    if (worker) return worker;
    const started = startThread(codeFile("scripts/build/article-worker.ts"), {
      workerData: context,
    });
    pool.push(started);
    return started;
  };
  try {
    const results = await mapLimited(batches, Math.min(workers, batches.length), async (batch) => {
      const worker = take();
      const reply = await ask<{ results?: ArticleResult[]; error?: string }>(worker, batch);
      free.push(worker);
      if (!reply.results) throw new Error(reply.error);
      options.onBatch?.(reply.results.length);
      return reply.results;
    });
    return results.flat();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
