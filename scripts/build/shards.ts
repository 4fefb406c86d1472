// Rendering with every core. Nine files in ten belong to one article (its page, versions,
// diffs, feed, JSON history: article-files.ts) and need nothing but that article, so worker
// threads write them in batches of articles, straight into the site folder, while the main
// thread has Eleventy render the pages that list many articles (home, sources, feeds,
// sitemap, search). Each worker reads the links of the pages it writes as it writes them
// (the text is in memory then), so the link check need not read them from disk again.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { toPortable, type PortableChange } from "../cache/diff-cache.ts";
import { articleChanges, type SiteModel } from "../site/model.ts";
import type { PreparedSite } from "./prepare.ts";
import { codeFile } from "./code.ts";
import { renderListPages } from "./list-pages.ts";
import { ask, startThread } from "./threads.ts";
import { writeArticles, type BatchJob, type WrittenArticles } from "./write-articles.ts";

/** Below this many articles, writing them on the main thread is faster than starting workers. */
const MIN_SHARDED_ARTICLES = 300;
/** Articles per batch: a few thousand files; small enough that batches even out between workers. */
const BATCH_ARTICLES = 250;
/**
 * Characters of version text per batch (every version's paragraphs counted): newsroom-10k's
 * 236 MB of version text in 40 batches is about 6 million each. Archives of long documents
 * get smaller batches, so what a worker holds at once stays about the same.
 */
const BATCH_CHARACTERS = 8_000_000;
/**
 * A render worker's heap limit per million characters of its largest batch, and at least.
 * V8 lets a heap grow far past what it holds before collecting; a limit makes it collect
 * sooner. 256 MB held newsroom-10k's batches, and lowered a cold build's peak (process tree)
 * from 2.07 to 1.75 GB.
 */
const HEAP_MB_PER_MILLION = 48;
const MIN_HEAP_MB = 256;

export interface RenderOptions {
  root: string;
  staging: string;
  site: PreparedSite;
  workers?: number;
  /** Write on the main thread when fewer articles than this are to be written (default 300). */
  minShardedArticles?: number;
  /** Articles per batch (default 250). */
  batchArticles?: number;
  /** Heap limit of each render worker in MB (default: from the largest batch). */
  workerHeapMb?: number;
  /**
   * Render the list pages with Eleventy (the default: a full build), or by calling the
   * templates directly (false: an incremental build, which keeps the previous build's assets;
   * list-pages.ts).
   */
  eleventy?: boolean;
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
  // Imported here, after this is set: on import Eleventy otherwise registers an ES module
  // resolve hook (Node < 22.15 runs it in a thread of its own, and every later import waits
  // on that thread). The hook re-imports templates edited while Eleventy watches them; every
  // build is a process of its own and never watches. Measured in one-version rebuilds of
  // newsroom-10k: about 0.25 s of waiting on the hook thread, and its start.
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "true";
  const { default: Eleventy } = await import("@11ty/eleventy");
  const eleventy = new Eleventy(codeFile("templates", root), out, {
    configPath: codeFile(".eleventy.ts", root),
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
  const lists =
    options.eleventy === false
      ? renderListPages(root, staging, site).then((files) => files.length)
      : runEleventy(root, staging);
  if (ids.length < (options.minShardedArticles ?? MIN_SHARDED_ARTICLES) || workers < 2) {
    const listed = await lists;
    const written = await writeArticles(model, ids, staging);
    return { ...written, count: listed + written.files.length };
  }

  const batches = batchesOf(model, ids, options.batchArticles ?? BATCH_ARTICLES);
  const largest = Math.max(...batches.map((b) => b.characters));
  const heapMb =
    options.workerHeapMb ??
    Math.max(MIN_HEAP_MB, Math.ceil((HEAP_MB_PER_MILLION * largest) / 1_000_000));
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
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => startWorker(heapMb));
  const runWorker = async (slot: number) => {
    while (next < batches.length) {
      const n = next++;
      const job = jobFor(batches[n]!.ids);
      try {
        results[n] = await callWorker(pool[slot]!, job);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") throw error;
        // The limit is a way to collect sooner, never a reason to fail: this batch needed
        // more than its size suggested, so it is written again by a worker without a limit.
        pool[slot] = startWorker();
        results[n] = await callWorker(pool[slot]!, job);
      }
    }
  };
  try {
    const [listed] = await Promise.all([lists, ...pool.map((_, slot) => runWorker(slot))]);
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

/** The articles to write split into batches of at most `size` articles and BATCH_CHARACTERS. */
function batchesOf(
  model: SiteModel,
  ids: readonly string[],
  size: number,
): { ids: string[]; characters: number }[] {
  const batches: { ids: string[]; characters: number }[] = [];
  let current: { ids: string[]; characters: number } = { ids: [], characters: 0 };
  for (const id of ids) {
    let characters = 0;
    for (const v of model.articles.get(id)!.article.versions) {
      for (const p of v.paragraphs) characters += p.length;
    }
    const full = current.ids.length >= size || current.characters + characters > BATCH_CHARACTERS;
    if (current.ids.length > 0 && full) {
      batches.push(current);
      current = { ids: [], characters: 0 };
    }
    current.ids.push(id);
    current.characters += characters;
  }
  if (current.ids.length > 0) batches.push(current);
  return batches;
}

/** A render worker; with `heapMb`, its heap is limited to that (resourceLimits). */
function startWorker(heapMb?: number): Worker {
  return startThread(
    codeFile("scripts/build/shard-worker.ts"),
    heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {},
  );
}

async function callWorker(worker: Worker, job: BatchJob): Promise<WrittenArticles> {
  const reply = await ask<{ written?: WrittenArticles; error?: string }>(worker, job);
  if (reply.error !== undefined || !reply.written) throw new Error(reply.error);
  return reply.written;
}
