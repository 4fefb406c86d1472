// Rendering with every core. Most files of the site belong to one article (its page, version
// pages, diff pages, feed, JSON history), and those need nothing but that article. So they are
// rendered in batches of articles by Eleventy runs in worker threads, while the main thread
// renders the pages that list many articles (home, sources, feeds, sitemap). Each batch writes
// into a folder of its own, whose article folders are then moved into the site; a batch is a
// separate Eleventy run so its pages' text is freed when it ends, which keeps memory flat.
import { availableParallelism } from "node:os";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import Eleventy from "@11ty/eleventy";
import type { Change } from "../diff/types.ts";
import type { Article, Source } from "../load/types.ts";
import type { SiteConfig } from "../site/config.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import type { PreparedSite } from "./prepare.ts";

/** What one batch needs: its articles, their changes, and what every page shows. */
export interface BatchJob {
  root: string;
  dir: string;
  config: SiteConfig;
  sources: Source[];
  articles: Article[];
  changes: [string, Change][];
  /** Templates to leave out: all but the article-owned ones. */
  ignore: string[];
}

/** Below this many article-owned pages, one Eleventy run is faster than starting workers. */
const MIN_SHARDED_PAGES = 3000;
/** Articles per batch: about ten thousand files, a few hundred MB of page text at most. */
const BATCH_ARTICLES = 1000;

export interface RenderOptions {
  root: string;
  staging: string;
  site: PreparedSite;
  workers?: number;
  /** Render in one run when fewer article pages than this are to be rendered (default 3000). */
  minShardedPages?: number;
  /** Articles per batch (default 1000). */
  batchArticles?: number;
}

/** Eleventy's write() resolves with [passthrough results, template results]. */
export function countWritten(written: unknown): number {
  if (Array.isArray(written) && Array.isArray(written[1])) return written[1].length;
  return 0;
}

/** One Eleventy run over `templates/` into `out`, with the prepared site as its data. */
export async function runEleventy(
  root: string,
  out: string,
  ignore: readonly string[] = [],
): Promise<number> {
  const eleventy = new Eleventy(path.join(root, "templates"), out, {
    configPath: path.join(root, ".eleventy.ts"),
    quietMode: true,
    config: (config: EleventyConfig) => {
      // Eleventy's ignore list (a Set of globs; untyped in eleventy-types.ts).
      const ignores = config.ignores as { add(pattern: string): void };
      for (const name of ignore) ignores.add(path.join(root, "templates", name));
    },
  });
  await eleventy.init();
  return countWritten((await eleventy.write()) as unknown);
}

/** Templates that paginate over `site.render.*`: the ones whose pages belong to one article. */
async function articleTemplates(root: string): Promise<{ all: string[]; owned: string[] }> {
  const all = (await readdir(path.join(root, "templates"))).filter((n) => n.endsWith(".11ty.ts"));
  const owned: string[] = [];
  for (const name of all) {
    const module = (await import(pathToFileURL(path.join(root, "templates", name)).href)) as {
      data?: { pagination?: { data?: string } };
    };
    if (module.data?.pagination?.data?.startsWith("site.render.")) owned.push(name);
  }
  return { all, owned };
}

export async function renderSite(options: RenderOptions): Promise<number> {
  const { root, staging, site } = options;
  const render = site.render;
  const pages = render.article.length + render.change.length + render.version.length;
  const workers = Math.min(options.workers ?? availableParallelism(), 8);
  if (pages < (options.minShardedPages ?? MIN_SHARDED_PAGES) || workers < 2) {
    return runEleventy(root, staging);
  }

  const templates = await articleTemplates(root);
  const ignore = templates.all.filter((name) => !templates.owned.includes(name));
  const ids = render.article.map((p) => p.id);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_ARTICLES)
    batches.push(ids.slice(i, i + BATCH_ARTICLES));

  const model = site.model;
  const sources = model.sources.map((s) => s.source);
  const jobFor = (batch: string[], n: number): BatchJob => {
    const changes: [string, Change][] = [];
    const articles = batch.map((id) => {
      const entry = model.articles.get(id)!;
      for (const c of entry.overall ? [...entry.changes, entry.overall] : entry.changes) {
        changes.push([c.id, c.change]);
      }
      return entry.article;
    });
    return {
      root,
      dir: `${staging}-batch-${n}`,
      config: model.config,
      sources,
      articles,
      changes,
      ignore,
    };
  };

  // The main thread renders everything else: the pages that list articles, feeds, sitemap.
  const { setPreparedSite } = await import("./prepare.ts");
  setPreparedSite({ ...site, render: { article: [], change: [], version: [] } });
  const listed = runEleventy(root, staging);

  let next = 0;
  let written = 0;
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => startWorker());
  const runWorker = async (worker: Worker) => {
    while (next < batches.length) {
      const n = next++;
      const job = jobFor(batches[n]!, n);
      await callWorker(worker, job);
      // Read the count first: `written += await …` would add to a stale value when two
      // workers finish at once.
      const moved = await moveArticles(job, staging);
      written += moved;
    }
  };
  try {
    const [lists] = await Promise.all([listed, ...pool.map(runWorker)]);
    return lists + written;
  } finally {
    setPreparedSite(site);
    await Promise.all(pool.map((w) => w.terminate()));
    await Promise.all(
      batches.map((_, n) => rm(`${staging}-batch-${n}`, { recursive: true, force: true })),
    );
  }
}

/** Moves each article's folder from the batch's output into the site; returns the files moved. */
async function moveArticles(job: BatchJob, staging: string): Promise<number> {
  let files = 0;
  for (const article of job.articles) {
    const from = path.join(job.dir, article.source, article.slug);
    const to = path.join(staging, article.source, article.slug);
    await mkdir(path.dirname(to), { recursive: true });
    files += (await readdir(from, { recursive: true, withFileTypes: true })).filter((e) =>
      e.isFile(),
    ).length;
    await rename(from, to);
  }
  await rm(job.dir, { recursive: true, force: true });
  return files;
}

function startWorker(): Worker {
  const script = pathToFileURL(path.join(import.meta.dirname, "shard-worker.ts")).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  // Eleventy imports the .11ty.ts templates itself, so tsx must be registered for the whole
  // thread (not only for the worker's own module).
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true });
}

function callWorker(worker: Worker, job: BatchJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { written?: number; error?: string }) => {
      worker.off("error", onError);
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(reply.written ?? 0);
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
