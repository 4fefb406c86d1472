// The whole build, stage by stage:
//
//   plan → load → diff → model → render (pages, feeds, open data) → index → check → publish
//
// plan.ts decides what to do; the article stages (articles.ts, on every core: pool.ts) load,
// diff and render each article that changed, or copy it from the store; the model is made
// from every article's summary; Eleventy renders the pages that list articles (lists.ts);
// search.ts indexes the bundles whose articles changed; the check reads every new page's
// links; publish.ts puts the new site in place. A failure at any step leaves the output
// folder as it was.
//
// A build of one shard (shards.ts) stops after the index, leaving its folder and a summary
// for the merge, which renders the pages that span the archive and publishes: the same
// stages, so the merged site is the one a single machine builds.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkSite, listFiles, type LinkReference, type SiteProblem } from "../check-site/index.ts";
import type { AtomEntry } from "../feeds/index.ts";
import { checkArchive, formatProblems, sortProblems } from "../load/index.ts";
import type { ContentProblem, Source } from "../load/types.ts";
import { SEARCH_ROOT } from "../search/shards.ts";
import type { SiteConfig } from "../site/config.ts";
import {
  articleChanges,
  articleId,
  buildSiteModel,
  type KeyedSummary,
  type SiteModel,
} from "../site/model.ts";
import { codeHash } from "../run/code.ts";
import type { ArticleSummary } from "../site/summary.ts";
import { ARTICLE, BUNDLE } from "./entries.ts";
import {
  feedsOf,
  fingerprints,
  listPages,
  renderLists,
  selectAll,
  selectChanged,
  type RenderSelection,
} from "./lists.ts";
import { encodeInput, forgetManifest, writeManifest, type ManifestRest } from "./manifest.ts";
import { outStamp, plan, sourceDigest, type ArticleInput, type Plan } from "./plan.ts";
import { processAll } from "./pool.ts";
import { applyPatch, recoverInterruptedBuilds, stagingFolder, swapInto } from "./publish.ts";
import { indexSearch, type SearchStage } from "./search.ts";
import { Store } from "./store.ts";
import { writeDataset } from "./dataset.ts";
import { DATASET_PATH } from "../site/paths.ts";

/** A stage's progress, as scripts/terminal.ts shows it. */
export interface Progress {
  tick(n?: number): void;
  done(summary?: string): void;
}

export interface BuildOptions {
  /** Project root: where .eleventy.ts and templates/ live. */
  root: string;
  contentDir: string;
  outDir: string;
  config: SiteConfig;
  /** Where the store and the build's record live; without it, a store of this build alone. */
  cacheDir?: string;
  /** Called with a line of progress for people watching. */
  log?: (line: string) => void;
  /** Index the site for search (default true); tests of other parts may skip it. */
  search?: boolean;
  /** Also validate every page's HTML before the swap (`npm run build -- --check`). */
  validateHtml?: boolean;
  /** Build everything even when the last build's output could be patched. */
  full?: boolean;
  /** What happens to the replaced site: deleted before the build returns, or by a process of its own. */
  discard?: "wait" | "background";
  /** Article worker threads (default: one per core). */
  workers?: number;
  /** Shows how far a long stage has got (scripts/terminal.ts `progress`); none by default. */
  progress?: (label: string, total: number) => Progress;
  /** Extra work on the finished folder before it is checked and published (tests). */
  finish?: (staging: string) => Promise<void> | void;
}

export interface BuildResult {
  /** "up to date", "full (…)", "patch (2 of 10000 articles changed)". */
  mode: string;
  /** Files written this time. */
  written: number;
  /** Files of the site. */
  files: number;
  timings: Record<string, number>;
}

/** The content has problems; the build stops and lists them all. */
export class ContentInvalidError extends Error {
  override name = "ContentInvalidError";
  constructor(readonly problems: ContentProblem[]) {
    super(formatProblems(problems));
  }
}

/** What the article and index stages leave for the pages that list articles. */
export interface ArticlesStage {
  sources: Source[];
  summaries: (KeyedSummary & { files: string[] })[];
  /** Links from the articles' files still to be settled against the whole site. */
  references: LinkReference[];
  siteProblems: SiteProblem[];
  /** Feed entries by change id: what the feeds of this build's lists may show. */
  feedEntries: (ids: readonly string[]) => Map<string, AtomEntry>;
  /** The site model of these articles (of a shard's, in a shard build). */
  model: SiteModel;
  /** The index, under way: every bundle of the site, and the folders written. */
  search: Promise<SearchStage>;
  /** Files written into the staging folder, site-relative. */
  written: string[];
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = (timings[name] ?? 0) + performance.now() - start;
    }
  };
  const outDir = path.resolve(options.outDir);
  const temporary = options.cacheDir
    ? undefined
    : mkdtempSync(path.join(tmpdir(), "diff-archive-store-"));
  const cacheDir = options.cacheDir ?? temporary!;
  const code = await codeHash(options.root);
  try {
    const planned = await timed("plan", () =>
      plan({
        ...options,
        outDir,
        cacheDir,
        code,
        full: options.full || options.validateHtml || !options.cacheDir,
      }),
    );
    if (planned.kind === "up to date") {
      log("Nothing changed since the last build: the site is up to date.");
      return { mode: "up to date", written: 0, files: 0, timings };
    }
    const patch = planned.kind === "patch" ? planned : undefined;
    const mode =
      planned.kind === "full"
        ? `full (${planned.reason})`
        : `patch (${planned.changed.length + planned.removed.length} of ${planned.articles.length} articles changed)`;
    log(`Building: ${mode}.`);
    await recoverInterruptedBuilds(outDir);
    const staging = stagingFolder(outDir);
    mkdirSync(staging, { recursive: true });
    // Pagefind may still be writing into the staging folder when a later step fails.
    let indexing: Promise<unknown> | undefined;
    try {
      const store = new Store(path.join(cacheDir, "store"));
      const stage = await timed("articles", () =>
        articleStages(planned, { ...options, outDir: staging, store, code, log, timings }),
      );
      indexing = stage.search.catch(() => {});
      const model = stage.model;
      const pages = listPages(model);
      const prints = fingerprints(model, pages);
      const render = patch ? selectChanged(pages, prints, patch.previous.lists) : selectAll(pages);
      const listed = await timed("lists", () =>
        renderLists(options.root, staging, {
          model,
          pages,
          render,
          feeds: feedsOf(model, render, stage.feedEntries),
          assets: !patch,
        }),
      );
      const listFilesWritten = listed.map((f) => relative(staging, f));
      if (
        options.config.dataset &&
        (!patch || patch.previous.lists[DATASET_PATH] !== prints.get(DATASET_PATH))
      ) {
        await timed("dataset", async () =>
          writeDataset(options.contentDir, options.root, staging, new Set(model.articles.keys())),
        );
        listFilesWritten.push(DATASET_PATH);
      }
      const indexed = await timed("search", () => stage.search);
      log(
        `Rendered ${stage.written.length} article files and ${listFilesWritten.length} list pages.`,
      );

      await options.finish?.(staging);
      // The site as it will be: a full build's is the staging folder; a patch's is the output
      // folder with the changed files in place.
      const staged = await listFiles(staging);
      const articleFiles = new Set(stage.summaries.flatMap((s) => s.files));
      const bundleFiles = new Set(Object.values(indexed.bundles).flatMap((b) => b.files));
      const lists: Record<string, string> = {};
      for (const file of listFilesWritten) lists[file] = prints.get(file) ?? "";
      if (patch) {
        for (const [file, print] of Object.entries(patch.previous.lists)) {
          if (!(file in lists) && prints.has(file)) lists[file] = print;
        }
      }
      const assets = patch
        ? patch.previous.assets
        : staged.filter((f) => !articleFiles.has(f) && !bundleFiles.has(f) && !(f in lists));
      const site = new Set([...articleFiles, ...bundleFiles, ...Object.keys(lists), ...assets]);

      await timed("check", () =>
        checkSite(staging, {
          root: options.root,
          config: options.config,
          validate: options.validateHtml ?? false,
          files: staged,
          absent: options.search === false ? [SEARCH_ROOT] : [],
          read: (file) => !articleFiles.has(file),
          references: stage.references,
          problems: stage.siteProblems,
          ...(patch ? { beside: { dir: outDir, files: site } } : {}),
        }),
      );
      log(
        options.validateHtml
          ? "Checked every link and validated every page."
          : "Checked every link.",
      );

      const rest: ManifestRest = {
        articles: Object.fromEntries(
          stage.summaries.map((s) => [
            articleId(s.summary),
            { key: s.key, summary: s.summary, files: s.files },
          ]),
        ),
        lists,
        bundles: indexed.bundles,
        assets,
      };
      await timed("publish", async () => {
        if (options.cacheDir) forgetManifest(cacheDir, outDir);
        if (patch) {
          const before = new Set([
            ...Object.values(patch.previous.articles).flatMap((a) => a.files),
            ...Object.keys(patch.previous.lists),
          ]);
          const removed = [...before].filter((f) => !site.has(f));
          const goneBundles = Object.keys(patch.previous.bundles)
            .filter((k) => !(k in indexed.bundles))
            .map((k) => `${SEARCH_ROOT}${k}/`);
          await applyPatch(
            staging,
            outDir,
            {
              files: staged.filter((f) => !f.startsWith(SEARCH_ROOT)),
              folders: [...indexed.written, ...goneBundles],
              removed,
            },
            options.discard ?? "wait",
          );
        } else {
          const discarded = await swapInto(staging, outDir, options.discard ?? "wait");
          if (discarded) {
            log(
              `The previous site is being deleted in the background (${path.basename(discarded)}).`,
            );
          }
        }
      });
      if (options.cacheDir && !patch) {
        // What this full build did not use is dropped, so the store (and a CI cache) holds
        // one archive's worth, not every archive it ever saw.
        store.prune(ARTICLE, new Set(stage.summaries.map((s) => s.key)));
        store.prune(BUNDLE, new Set(Object.values(indexed.bundles).map((b) => b.key)));
      }
      if (options.cacheDir) {
        writeManifest(
          cacheDir,
          outDir,
          {
            code,
            config: planned.config,
            scannedAt: planned.scannedAt,
            out: outStamp(outDir),
            sources: stage.sources.map(sourceDigest),
            keys: Object.fromEntries(stage.summaries.map((s) => [articleId(s.summary), s.key])),
            inputs: Object.fromEntries(
              planned.articles.map((a) => [a.name, encodeInput(a.stamp, a.hash)]),
            ),
          },
          rest,
        );
      }
      log(`Site written to ${path.relative(process.cwd(), outDir) || "."}.`);
      return { mode, written: staged.length, files: site.size, timings };
    } catch (error) {
      await indexing;
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * load → diff → model → render for every article the plan names (the others keep what the
 * last build recorded), then the index. Throws ContentInvalidError listing every problem.
 */
export async function articleStages(
  planned: Plan,
  options: Pick<BuildOptions, "config" | "workers" | "search" | "progress"> & {
    outDir: string;
    store: Store;
    code: string;
    log: (line: string) => void;
    timings: Record<string, number>;
    /** Search shards to index (a build shard's), and each article's (from the whole archive). */
    onlyShards?: (key: string) => boolean;
    shardOf?: ReadonlyMap<string, string>;
  },
): Promise<ArticlesStage> {
  const patch = planned.kind === "patch" ? planned : undefined;
  // A patch takes unchanged articles' records and feed entries from the store: one whose
  // entry is gone (pruned, or a cache not restored) is made again like a changed one.
  const inStore = patch ? options.store.keys(ARTICLE) : undefined;
  const redo = new Set(patch?.changed);
  const missing = inStore
    ? planned.articles.filter((a) => !redo.has(a) && !inStore.has(a.key))
    : [];
  const jobs: ArticleInput[] = patch ? [...patch.changed, ...missing] : planned.articles;
  const shown = options.progress?.("Articles", jobs.length);
  const results = await processAll(
    jobs,
    {
      storeDir: options.store.dir,
      config: options.config,
      outDir: options.outDir,
      sources: planned.sources,
      sourceKeys: planned.sourceKeys,
    },
    {
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      onBatch: (done) => shown?.tick(done),
    },
  );
  shown?.done();
  const problems: ContentProblem[] = [...planned.problems];
  const summaries: ArticlesStage["summaries"] = [];
  const references: LinkReference[] = [];
  const siteProblems: SiteProblem[] = [];
  let stored = 0;
  for (const r of results) {
    problems.push(...r.problems);
    if (!r.summary) continue;
    if (r.stored) stored++;
    summaries.push({ key: r.job.key, summary: r.summary, files: r.files });
    references.push(...r.references);
    siteProblems.push(...r.siteProblems);
  }
  if (patch) {
    const redone = new Set(jobs.map((j) => (j as ArticleInput).id));
    for (const [id, kept] of Object.entries(patch.previous.articles)) {
      if (!redone.has(id) && !patch.removed.includes(id)) summaries.push(kept);
    }
  }
  problems.push(
    ...checkArchive(summaries.map((s) => ({ url: s.summary.url, file: s.summary.file }))),
  );
  if (problems.length > 0) throw new ContentInvalidError(sortProblems(problems));
  options.log(
    `Loaded and compared ${jobs.length === 1 ? "1 article" : `${jobs.length} articles`}` +
      (stored > 0 ? ` (${stored} of them unchanged, taken from the store)` : "") +
      `; ${summaries.length} in the site.`,
  );

  const store = options.store;
  const feedEntries = (ids: readonly string[]) => {
    const byArticle = new Map<string, string[]>();
    for (const id of ids) {
      const article = id.slice(0, id.lastIndexOf("/"));
      byArticle.set(article, [...(byArticle.get(article) ?? []), id]);
    }
    const keyOf = new Map(summaries.map((s) => [articleId(s.summary), s.key]));
    const found = new Map<string, AtomEntry>();
    for (const [article, wanted] of byArticle) {
      const data = store.readData(ARTICLE, keyOf.get(article)!);
      if (!data) throw new Error(`The store has no entry for ${article}: build again with --full.`);
      const changeIds = data.summary.versions
        .slice(1)
        .map((v, i) => `${article}/${i + 1}-${v.number}`);
      for (const id of wanted) {
        const entry = data.feed[changeIds.indexOf(id)];
        if (entry) found.set(id, entry);
      }
    }
    return found;
  };

  const model = buildSiteModel(planned.sources, summaries, options.config);
  // The index runs in Pagefind's own processes: the list pages are rendered meanwhile.
  const search: Promise<SearchStage> =
    options.search === false
      ? Promise.resolve({ bundles: {}, written: [], indexed: 0, copied: 0 })
      : indexSearch({
          model,
          store,
          code: options.code,
          outDir: options.outDir,
          ...(patch ? { previous: patch.previous.bundles } : {}),
          ...(options.onlyShards ? { only: options.onlyShards } : {}),
          ...(options.shardOf ? { shardOf: options.shardOf } : {}),
          ...(options.progress ? { progress: options.progress } : {}),
        }).then((indexed) => {
          options.log(
            `Search: ${indexed.written.length} bundles written` +
              (indexed.copied > 0 ? ` (${indexed.copied} copied from the store)` : "") +
              `, ${indexed.indexed} records indexed.`,
          );
          return indexed;
        });
  // Its failure is reported where it is awaited; until then it must not end the process.
  search.catch(() => {});
  return {
    sources: planned.sources,
    summaries,
    references,
    siteProblems,
    feedEntries,
    model,
    search,
    written: results.flatMap((r) => r.files),
  };
}

/** Eleventy's output paths are relative to the working directory. */
function relative(dir: string, file: string): string {
  return path.relative(dir, path.resolve(file)).split(path.sep).join("/");
}

export type { ArticleSummary, RenderSelection };
export { articleChanges };
