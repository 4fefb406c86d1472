// A build that remembers: diffs from the content-addressed cache, and only the pages whose
// inputs changed rendered again (see incremental.ts). `npm run build` uses it with `.cache/`.
import path from "node:path";
import type { PreparedSite } from "../build/prepare.ts";
import type { BuildOptions, BuildResult } from "../build/site.ts";
import type { LoadOptions } from "../load/index.ts";
import type { Archive } from "../load/types.ts";
import type { DiffFunction } from "../site/model.ts";
import { openArticleCache, type ArticleCache } from "./article-cache.ts";
import type { Precomputed } from "./diffs.ts";
import {
  articleFingerprints,
  carryOver,
  changedArticles,
  distStamp,
  listFiles,
  ownedFiles,
  pagesOf,
  planBuild,
  readInputs,
  readManifest,
  writeManifest,
  type Plan,
} from "./incremental.ts";

/** The hooks `buildSite` calls at each stage when a cache is in use. */
export interface BuildCache {
  /** Loading through the parsed-article cache. */
  loadOptions(): Promise<LoadOptions>;
  /** Every change, from the diff cache or computed in worker threads. */
  precompute(archive: Archive): Promise<DiffFunction>;
  /** Narrows `site.render` to the pages whose inputs changed. */
  select(site: PreparedSite): Promise<void>;
  /** Completes the freshly rendered folder with the unchanged pages of the previous build. */
  complete(staging: string): Promise<void>;
  /** In an incremental build, the files rendered this time (site-relative); else undefined. */
  written(): ReadonlySet<string> | undefined;
  /** Records the finished build (after it replaced the output folder). */
  record(outDir: string): Promise<void>;
}

export interface CachedBuildResult {
  /** Why the build did what it did: "up to date", "incremental: 1 of 10000 articles changed", … */
  mode: string;
  result?: BuildResult;
  diffs?: Precomputed["stats"];
  /** Files taken over unchanged from the previous build. */
  reused: number;
}

export async function buildWithCache(
  options: BuildOptions & { cacheDir: string; workers?: number },
): Promise<CachedBuildResult> {
  const log = options.log ?? (() => {});
  const outDir = path.resolve(options.outDir);
  const previous = await readManifest(options.cacheDir, outDir);
  const inputs = await readInputs(
    options.root,
    options.contentDir,
    options.config,
    previous?.inputs,
  );
  const plan: Plan = await planBuild(previous, inputs, outDir);
  // --check asks for every page to be validated, so it always builds.
  if (plan.kind === "up-to-date" && !options.validateHtml) {
    log("Nothing changed since the last build: the site is up to date.");
    return { mode: "up to date", reused: 0 };
  }

  let diffs: Precomputed["stats"] | undefined;
  let fingerprints: Record<string, string> = {};
  let articleIds = new Set<string>();
  let unchanged: string[] = [];
  let reused = 0;
  let mode = `full (${plan.kind === "full" ? plan.reason : "--check validates every page"})`;

  let articles: ArticleCache | undefined;
  let fresh: Set<string> | undefined;
  const cache: BuildCache = {
    async loadOptions() {
      const { parseArticleFile } = await import("../load/index.ts");
      articles = await openArticleCache(options.root, options.cacheDir, parseArticleFile);
      return { parseArticle: articles.parse };
    },
    async precompute(archive) {
      if (articles) {
        await articles.save();
        log(`Articles: ${articles.stats.hits} from the cache, ${articles.stats.misses} parsed.`);
        // The archive holds what it needs; the packs' own copies can go.
        articles = undefined;
      }
      const { precomputeDiffs } = await import("./diffs.ts");
      const pre = await precomputeDiffs(archive, {
        root: options.root,
        cacheDir: options.cacheDir,
        workers: options.workers,
      });
      diffs = pre.stats;
      log(
        `Changes: ${pre.stats.hits} from the cache, ${pre.stats.misses} computed` +
          (pre.stats.workers > 0 ? ` in ${pre.stats.workers} worker threads.` : "."),
      );
      return pre.diff;
    },
    async select(site) {
      fingerprints = articleFingerprints(site.model, inputs);
      articleIds = new Set(Object.keys(fingerprints));
      if (plan.kind !== "incremental") return;
      const changed = changedArticles(fingerprints, plan.previous);
      unchanged = [...articleIds].filter((id) => !changed.has(id));
      site.render = pagesOf(site.pages, changed);
      mode = `incremental (${changed.size} of ${articleIds.size} articles changed)`;
      log(`Rendering ${changed.size} changed of ${articleIds.size} articles, and every list page.`);
    },
    async complete(staging) {
      if (plan.kind !== "incremental") return;
      fresh = new Set(await listFiles(staging));
      reused = await carryOver(plan.previous, unchanged, outDir, staging);
    },
    written: () => fresh,
    async record(dir) {
      const stamp = await distStamp(dir);
      if (!stamp) return;
      await writeManifest(options.cacheDir, outDir, {
        format: 1,
        inputs,
        articles: fingerprints,
        owned: await ownedFiles(dir, articleIds),
        stamp,
      });
    },
  };
  // Loaded only now: Eleventy and Pagefind take seconds to import, and an up-to-date site
  // needs neither.
  const { buildSite } = await import("../build/site.ts");
  const result = await buildSite({ ...options, cache });
  return { mode, result, ...(diffs ? { diffs } : {}), reused };
}
