// A build that remembers: diffs from the content-addressed cache, and only the pages whose
// inputs changed rendered again (see incremental.ts). `npm run build` uses it with `.cache/`.
import path from "node:path";
import type { PreparedSite } from "../build/prepare.ts";
import type { BuildOptions, BuildResult } from "../build/site.ts";
import type { DiskStamp, LoadOptions } from "../load/index.ts";
import type { Archive } from "../load/types.ts";
import type { ArticleRecords } from "../search/index-site.ts";
import type { SearchRecord } from "../search/records.ts";
import type { DiffFunction } from "../site/model.ts";
import { stagingFolder } from "../build/staging.ts";
import { loaderCodeHash, openArticleCache, type ArticleCache } from "./article-cache.ts";
import { HeadsSnapshot, SNAPSHOT_MODULE } from "./heads-snapshot.ts";
import type { Precomputed } from "./diffs.ts";
import type { EarlySearch } from "./early-search.ts";
import {
  articleFingerprints,
  distStamp,
  forgetBuild,
  groupFiles,
  patchedFiles,
  listFingerprints,
  MANIFEST_FORMAT,
  planBuild,
  planPatch,
  readInputs,
  readManifest,
  recordedFolders,
  writeManifest,
  type PatchPlan,
  type Plan,
} from "./incremental.ts";
import { codeHash, hashOf } from "./hash.ts";
import { shardKeysOfModel } from "../search/shards.ts";
import { pruneBundles, type BundleCacheOptions } from "./search-bundles.ts";
import { pruneSourceRecords, recordsStillValid, writeSourceRecords } from "./search-records.ts";

/** The hooks `buildSite` calls at each stage when a cache is in use. */
export interface BuildCache {
  /** Loading through the parsed-article cache. */
  loadOptions(): Promise<LoadOptions>;
  /** Every change, from the diff cache or computed in worker threads. */
  precompute(archive: Archive): Promise<DiffFunction>;
  /**
   * Chooses what to render. In an incremental build, narrows `site.render` and returns the
   * patch to apply to the output folder; in a full build returns undefined.
   */
  select(site: PreparedSite): Promise<Patch | undefined>;
  /** Called just before the output folder is patched: a kill from here on must not be trusted. */
  forget(): Promise<void>;
  /**
   * Records the finished build, given the files written; after a patch, also what it kept of
   * the previous site.
   */
  record(outDir: string, written: Iterable<string>, patch?: Patch): Promise<void>;
  /**
   * In an incremental build, the re-indexing of the changed sources begun before the build's
   * modules were imported, into the staging folder it passes (early-search.ts).
   */
  early?: EarlySearch;
  /** Keeps a re-indexed source's records for the next build (search-records.ts). */
  keepRecords(source: string, records: ArticleRecords[]): Promise<void>;
  /** A source's kept records that are still valid, so they need not be made again. */
  keptRecords(source: string): Promise<ReadonlyMap<string, SearchRecord[]>>;
  /** Search bundles copied instead of indexed when their records are unchanged (search-bundles.ts). */
  bundles: BundleCacheOptions;
  /**
   * What a source's search records are made from: its articles in order, each with its
   * fingerprint (records depend on nothing else, as for keptRecords); undefined when an
   * article has none. Lets a bundle be found without its records (findByArticles).
   */
  madeFrom(source: string, articles: readonly string[]): string | undefined;
}

/** An incremental build's changes to the output folder. */
export type Patch = Pick<PatchPlan, "shards" | "kept" | "previous" | "folders">;

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
  // Every content file is stat'ed here once; the loader trusts the same stamps.
  const stamps = new Map<string, DiskStamp>();
  const inputs = await readInputs(
    options.root,
    options.contentDir,
    options.config,
    previous?.inputs,
    stamps,
  );
  const plan: Plan = await planBuild(previous, inputs, outDir);
  // --check asks for every page to be validated, so it always builds.
  if (plan.kind === "up-to-date" && !options.validateHtml) {
    log("Nothing changed since the last build: the site is up to date.");
    return { mode: "up to date", reused: 0 };
  }

  let diffs: Precomputed["stats"] | undefined;
  let fingerprints: Record<string, string> = {};
  let lists: Record<string, string> = {};
  let articleIds = new Set<string>();
  /** The search shards of the site being built (search/shards.ts). */
  let shardKeys: Set<string> | undefined;
  let reused = 0;
  let mode = `full (${plan.kind === "full" ? plan.reason : "--check validates every page"})`;

  let articles: ArticleCache | undefined;
  const incremental = plan.kind === "incremental" && !options.validateHtml;
  // The heads as this build loads them, for the next incremental build; an incremental build
  // also reads the last one's (heads-snapshot.ts).
  let snapshot: HeadsSnapshot | undefined;
  let snapshotSaved: Promise<void> = Promise.resolve();
  const cache: BuildCache = {
    async loadOptions() {
      const { parseArticleFile } = await import("../load/index.ts");
      const { diffEngineHash } = await import("./diffs.ts");
      // Named after the code that made the articles and changes it holds, and its own format's.
      const code = hashOf(
        await loaderCodeHash(options.root),
        await diffEngineHash(options.root),
        await codeHash(options.root, [SNAPSHOT_MODULE]),
      );
      snapshot = HeadsSnapshot.read(options.cacheDir, code, { empty: !incremental });
      // An incremental build renders the changed articles and lists the rest: those it reads
      // without their text, which is read only if something asks for it (a feed's entries).
      articles = await openArticleCache(options.root, options.cacheDir, parseArticleFile, {
        heads: incremental,
        snapshot,
      });
      return { parseArticle: articles.parse, stamps };
    },
    async precompute(archive) {
      if (articles) {
        await articles.save();
        const { hits, misses, textLater } = articles.stats;
        log(
          `Articles: ${hits} from the cache` +
            (textLater > 0 ? ` (${textLater} of them without their text until asked)` : "") +
            `, ${misses} parsed.`,
        );
        // The archive holds what it needs; the packs' own copies can go.
        articles = undefined;
      }
      const { precomputeDiffs } = await import("./diffs.ts");
      const pre = await precomputeDiffs(archive, {
        root: options.root,
        cacheDir: options.cacheDir,
        workers: options.workers,
        // As with articles: an incremental build reads every change's counts, few changes' blocks.
        heads: incremental,
        snapshot,
      });
      // Written while the site is rendered; awaited before the build is recorded.
      snapshotSaved = snapshot?.save(archive.articles) ?? snapshotSaved;
      snapshotSaved.catch(() => {}); // a failure is reported where it is awaited (record)
      snapshot = undefined;
      diffs = pre.stats;
      log(
        `Changes: ${pre.stats.hits} from the cache, ${pre.stats.misses} computed` +
          (pre.stats.workers > 0 ? ` in ${pre.stats.workers} worker threads.` : "."),
      );
      return pre.diff;
    },
    async select(site) {
      fingerprints = articleFingerprints(site.model, inputs);
      lists = listFingerprints(site.model, site.pages, fingerprints);
      articleIds = new Set(Object.keys(fingerprints));
      shardKeys = new Set(shardKeysOfModel(site.model).values());
      if (plan.kind !== "incremental" || options.validateHtml) return undefined;
      const patch = planPatch(site.model, site.pages, plan.previous, fingerprints, lists);
      site.render = patch.render;
      reused = patch.kept.size;
      const changed = patch.render.articles.length;
      mode = `incremental (${changed} of ${articleIds.size} articles changed)`;
      const r = patch.render;
      const listCount = r.home.length + r.headlines.length + r.source.length;
      log(
        `Rendering ${changed} changed of ${articleIds.size} articles, ${listCount} list pages, ` +
          `${r.sourceFeeds.length} source feeds and ${r.sitemaps.length} sitemap files; ` +
          `keeping ${patch.kept.size} files.`,
      );
      return patch;
    },
    forget: () => forgetBuild(options.cacheDir, outDir),
    keepRecords: (source, records) =>
      writeSourceRecords(options.cacheDir, source, records, fingerprints),
    keptRecords: (source) => recordsStillValid(options.cacheDir, source, fingerprints),
    // Stored by full builds (every publish on CI, which does not carry dist/ over); an
    // incremental build only looks them up, so copying 1,700 files stays off its path.
    bundles: { dir: options.cacheDir, store: !incremental },
    madeFrom(source, ids) {
      const parts = [`search records of ${source}`];
      for (const id of ids) {
        const fingerprint = fingerprints[id];
        if (fingerprint === undefined) return undefined;
        parts.push(id, fingerprint);
      }
      return hashOf(...parts);
    },
    async record(dir, written, patch) {
      await snapshotSaved;
      // After a full build, records and bundles of shards the archive no longer has are dropped.
      if (plan.kind !== "incremental" && shardKeys) {
        await pruneSourceRecords(options.cacheDir, shardKeys);
        await pruneBundles(options.cacheDir, shardKeys);
      }
      const stamp = await distStamp(dir);
      if (!stamp) return;
      // Articles' and search bundles' files are recorded by folder.
      const folders = recordedFolders(articleIds, shardKeys ?? []);
      await writeManifest(options.cacheDir, outDir, {
        format: MANIFEST_FORMAT,
        inputs,
        articles: fingerprints,
        lists,
        ...(patch ? patchedFiles(written, folders, patch) : groupFiles(written, folders)),
        stamp,
      });
    },
  };
  // An incremental build starts re-indexing the changed sources first: Pagefind can work
  // while this process imports Eleventy and loads the archive.
  const staging = stagingFolder(outDir);
  if (incremental && plan.kind === "incremental" && (options.search ?? true)) {
    const { startEarlySearch } = await import("./early-search.ts");
    const early = await startEarlySearch({
      root: options.root,
      contentDir: options.contentDir,
      cacheDir: options.cacheDir,
      config: options.config,
      previous: plan.previous.inputs,
      inputs,
      staging,
      bundles: cache.bundles,
    });
    if (early) {
      cache.early = early;
      const sources = [...early.articles.keys()].join(", ");
      log(`Indexing ${sources} for search while the site is prepared.`);
    }
  }
  // Loaded only now: Eleventy and Pagefind take seconds to import, and an up-to-date site
  // needs neither.
  const { buildSite } = await import("../build/site.ts");
  const result = await buildSite({ ...options, cache, staging });
  return { mode, result, ...(diffs ? { diffs } : {}), reused };
}
