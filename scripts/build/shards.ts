// Rendering with every core. Nine files in ten belong to one article (its page, versions,
// diffs, feed, JSON history: article-files.ts) and need nothing but that article, so worker
// threads write them in batches of articles, straight into the site folder, while the main
// thread has Eleventy render the pages that list many articles (home, sources, feeds,
// sitemap, search). Each worker reads the links of the pages it writes as it writes them
// (the text is in memory then), so the link check need not read them from disk again.
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import Eleventy from "@11ty/eleventy";
import { toPortable, type PortableChange } from "../cache/diff-cache.ts";
import { articleChanges } from "../site/model.ts";
import type { PreparedSite } from "./prepare.ts";
import { startThread } from "./threads.ts";
import { writeArticles, type BatchJob, type WrittenArticles } from "./write-articles.ts";

/** Below this many articles, writing them on the main thread is faster than starting workers. */
const MIN_SHARDED_ARTICLES = 300;
/** Articles per batch: a few thousand files; small enough that batches even out between workers. */
const BATCH_ARTICLES = 250;

export interface RenderOptions {
  root: string;
  staging: string;
  site: PreparedSite;
  workers?: number;
  /** Write on the main thread when fewer articles than this are to be written (default 300). */
  minShardedArticles?: number;
  /** Articles per batch (default 250). */
  batchArticles?: number;
}

export interface RenderResult extends WrittenArticles {
  /** Files written in all: the articles' and Eleventy's. */
  count: number;
}

/** Eleventy's write() resolves with [passthrough results, template results]. */
export function countWritten(written: unknown): number {
  if (Array.isArray(written) && Array.isArray(written[1])) return written[1].length;
  return 0;
}

/** One Eleventy run over `templates/` into `out`, with the prepared site as its data. */
export async function runEleventy(root: string, out: string): Promise<number> {
  const eleventy = new Eleventy(path.join(root, "templates"), out, {
    configPath: path.join(root, ".eleventy.ts"),
    quietMode: true,
  });
  await eleventy.init();
  return countWritten((await eleventy.write()) as unknown);
}

export async function renderSite(options: RenderOptions): Promise<RenderResult> {
  const { root, staging, site } = options;
  const model = site.model;
  const ids = site.render.articles;
  const workers = Math.min(options.workers ?? availableParallelism(), 8);

  // The list pages, by Eleventy on this thread, while the workers write the articles.
  const lists = runEleventy(root, staging);
  if (ids.length < (options.minShardedArticles ?? MIN_SHARDED_ARTICLES) || workers < 2) {
    const listed = await lists;
    const written = await writeArticles(model, ids, staging);
    return { ...written, count: listed + written.files.length };
  }

  const size = options.batchArticles ?? BATCH_ARTICLES;
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  const sources = model.sources.map((s) => s.source);
  const jobFor = (batch: string[]): BatchJob => {
    const changes: [string, PortableChange][] = [];
    const articles = batch.map((id) => {
      const entry = model.articles.get(id)!;
      for (const c of articleChanges(entry)) {
        changes.push([c.id, toPortable(c.change)]);
      }
      return entry.article;
    });
    return { dir: staging, config: model.config, sources, articles, changes };
  };

  // Results are kept in batch order, so the build's output never depends on which worker
  // finished first.
  const results: WrittenArticles[] = [];
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => startWorker());
  const runWorker = async (worker: Worker) => {
    while (next < batches.length) {
      const n = next++;
      results[n] = await callWorker(worker, jobFor(batches[n]!));
    }
  };
  try {
    const [listed] = await Promise.all([lists, ...pool.map(runWorker)]);
    const merged: WrittenArticles = {
      files: results.flatMap((r) => r.files),
      references: results.flatMap((r) => r.references),
      problems: results.flatMap((r) => r.problems),
    };
    return { ...merged, count: listed + merged.files.length };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function startWorker(): Worker {
  return startThread(path.join(import.meta.dirname, "shard-worker.ts"));
}

function callWorker(worker: Worker, job: BatchJob): Promise<WrittenArticles> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { written?: WrittenArticles; error?: string }) => {
      worker.off("error", onError);
      if (reply.error !== undefined || !reply.written) reject(new Error(reply.error));
      else resolve(reply.written);
    };
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      reject(error);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(job);
  });
}
