// Builds split across machines. `--shard K/N` builds the articles of the sources assigned to
// shard K (their pages, feeds, open data and search bundles) and leaves a summary; `--merge`
// puts the shards' folders together, renders the pages that span the archive (home,
// headlines, sources, feeds, sitemaps, search pages) and publishes. Both run the same stages
// as a one-machine build (pipeline.ts), so the merged site is byte for byte the one a single
// machine builds.
//
// The assignment is by source, stable (it depends on the content alone) and balanced by the
// bytes of the articles: the largest first, each to the lightest shard so far. A source
// larger than a shard's share is split along its search parts (scripts/search/shards.ts), so
// a search bundle is always built whole by one shard.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { checkSite, listFiles } from "../check-site/index.ts";
import { globalFeedChanges, sourceFeedChanges, type AtomEntry } from "../feeds/index.ts";
import { checkArchive, sortProblems } from "../load/index.ts";
import { SourceSchema } from "../load/schema.ts";
import type { Source } from "../load/types.ts";
import { codeHash } from "../run/code.ts";
import { bundleBound, SEARCH_ROOT, shardKeysOf } from "../search/shards.ts";
import type { SiteConfig } from "../site/config.ts";
import { buildSiteModel } from "../site/model.ts";
import { ArticleSummarySchema, LinkReferenceSchema } from "./entries.ts";
import { writeFileAtomicSync as writeFileAtomic } from "../files/atomic.ts";
import { feedsOf, filterFeedIds, listPages, renderLists, selectAll } from "./lists.ts";
import { articleStages, ContentInvalidError, type Progress } from "./pipeline.ts";
import { configDigest, plan } from "./plan.ts";
import { recoverInterruptedBuilds, stagingFolder, swapInto } from "./publish.ts";
import { Store } from "./store.ts";

/** A shard option or shard folder that cannot be used; said as one line for the person running it. */
export class ShardError extends Error {
  override name = "ShardError";
}

export interface ShardChoice {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): ShardChoice {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index > count) {
    throw new ShardError(
      `--shard expects K/N with 1 ≤ K ≤ N, such as 2/8; found ${JSON.stringify(text)}.`,
    );
  }
  return { index, count };
}

/** Search shard key of every article file ("source/slug.md" → "source" or "source--2"). */
export function unitsOf(
  sizes: ReadonlyMap<string, number>,
  config: SiteConfig,
): Map<string, string> {
  const bySource = new Map<string, string[]>();
  const bytes = new Map<string, number>();
  for (const [name, size] of sizes) {
    const source = name.slice(0, name.indexOf("/"));
    const id = `${source}/${path.basename(name, ".md")}`;
    bySource.set(source, [...(bySource.get(source) ?? []), id]);
    bytes.set(source, (bytes.get(source) ?? 0) + size);
  }
  const units = new Map<string, string>();
  for (const [source, ids] of bySource) {
    const keys = shardKeysOf(source, ids, bundleBound(config), bytes.get(source));
    for (const id of ids) units.set(`${id}.md`, keys.get(id)!);
  }
  return units;
}

/**
 * Which shard (1-based) each search shard goes to: sources whole unless larger than a shard's
 * share, then split along their parts; the largest first, each to the lightest shard.
 */
export function assignShards(
  sizes: ReadonlyMap<string, number>,
  count: number,
  config: SiteConfig,
): Map<string, number> {
  const units = unitsOf(sizes, config);
  const unitSize = new Map<string, number>();
  const sourceSize = new Map<string, number>();
  for (const [name, size] of sizes) {
    const unit = units.get(`${name.slice(0, -3)}.md`)!;
    unitSize.set(unit, (unitSize.get(unit) ?? 0) + size);
    const source = name.slice(0, name.indexOf("/"));
    sourceSize.set(source, (sourceSize.get(source) ?? 0) + size);
  }
  const total = [...sourceSize.values()].reduce((a, b) => a + b, 0);
  const share = total / count;
  // Whole sources, or the parts of one too large for a shard.
  const groups = new Map<string, { size: number; units: string[] }>();
  for (const [unit, size] of unitSize) {
    const source = unit.split("--")[0]!;
    const key = sourceSize.get(source)! > share ? unit : source;
    const group = groups.get(key) ?? { size: 0, units: [] };
    group.size += size;
    group.units.push(unit);
    groups.set(key, group);
  }
  const loads = Array.from({ length: count }, () => 0);
  const assigned = new Map<string, number>();
  const order = [...groups].sort(([a, x], [b, y]) => y.size - x.size || (a < b ? -1 : 1));
  for (const [, group] of order) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (loads[i]! < loads[lightest]!) lightest = i;
    loads[lightest]! += group.size;
    for (const unit of group.units) assigned.set(unit, lightest + 1);
  }
  return assigned;
}

const SHARD_FORMAT = "diff-archive/shard/1";

const ShardSummarySchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  code: z.string(),
  config: z.string(),
  sources: z.array(SourceSchema.extend({ key: z.string() })),
  articles: z.array(
    z.strictObject({ key: z.string(), summary: ArticleSummarySchema, files: z.array(z.string()) }),
  ),
  references: z.array(LinkReferenceSchema),
  /** Feed entries the merged feeds may show, by change id. */
  feed: z.record(
    z.string(),
    z.strictObject({
      id: z.string(),
      title: z.string(),
      url: z.string(),
      updated: z.number(),
      lang: z.string().optional(),
      contentHtml: z.string(),
    }),
  ),
});
type ShardSummary = z.infer<typeof ShardSummarySchema>;

const SUMMARY_FILE = "shard.json";
const SITE_FOLDER = "site";

export async function buildShard(options: {
  root: string;
  contentDir: string;
  outDir: string;
  config: SiteConfig;
  cacheDir?: string;
  log?: (line: string) => void;
  shard: ShardChoice;
  workers?: number;
  progress?: (label: string, total: number) => Progress;
}): Promise<{ articles: number; timings: Record<string, number> }> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const code = await codeHash(options.root);
  const temporary = options.cacheDir
    ? undefined
    : mkdtempSync(path.join(tmpdir(), "diff-archive-store-"));
  const cacheDir = options.cacheDir ?? temporary!;
  try {
    let assigned: Map<string, number> | undefined;
    let units: Map<string, string> | undefined;
    const mine = (unit: string) => assigned!.get(unit) === options.shard.index;
    const planned = await plan({
      root: options.root,
      contentDir: options.contentDir,
      outDir: path.join(options.outDir, SITE_FOLDER),
      cacheDir,
      config: options.config,
      code,
      full: true,
      only: (name, sizes) => {
        assigned ??= assignShards(sizes, options.shard.count, options.config);
        units ??= unitsOf(sizes, options.config);
        return mine(units.get(name)!);
      },
    });
    const site = path.join(options.outDir, SITE_FOLDER);
    rmSync(options.outDir, { recursive: true, force: true });
    mkdirSync(site, { recursive: true });
    const store = new Store(path.join(cacheDir, "store"));
    const stage = await articleStages(planned, {
      config: options.config,
      outDir: site,
      store,
      code,
      log,
      timings,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      onlyShards: (key) => assigned === undefined || mine(key),
      shardOf: new Map(
        [...(units ?? new Map<string, string>())].map(([name, unit]) => [name.slice(0, -3), unit]),
      ),
    });
    const indexed = await stage.search;
    if (stage.siteProblems.length > 0) {
      const { SiteCheckError } = await import("../check-site/index.ts");
      throw new SiteCheckError(stage.siteProblems);
    }
    // The merged feeds' entries are among each shard's newest, archive-wide and per source.
    const model = stage.model;
    const wanted = new Set(globalFeedChanges(model).map((c) => c.id));
    for (const s of model.sources)
      for (const c of sourceFeedChanges(model, s.source.key)) wanted.add(c.id);
    for (const id of filterFeedIds(model)) wanted.add(id);
    const feed = Object.fromEntries(stage.feedEntries([...wanted].sort()));
    const summary: ShardSummary = {
      format: SHARD_FORMAT,
      index: options.shard.index,
      count: options.shard.count,
      code,
      config: planned.config,
      sources: stage.sources,
      articles: stage.summaries,
      references: stage.references,
      feed,
    };
    writeFileAtomic(path.join(options.outDir, SUMMARY_FILE), JSON.stringify(summary));
    log(
      `Shard ${options.shard.index}/${options.shard.count}: ${stage.summaries.length} articles, ${Object.keys(indexed.bundles).length} search bundles.`,
    );
    return { articles: stage.summaries.length, timings };
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

function readShard(dir: string): ShardSummary {
  const file = path.join(dir, SUMMARY_FILE);
  let parsed;
  try {
    parsed = ShardSummarySchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new ShardError(
      `${file}: expected the summary a --shard build writes, found ${existsSync(file) ? "a file that is not one" : "nothing"}. Build the shard again.`,
      { cause: error },
    );
  }
  if (!parsed.success) {
    throw new ShardError(
      `${file}: expected the summary a --shard build writes, found one of another format. Build the shard again with this code.`,
    );
  }
  return parsed.data;
}

/** Moves a shard's site folder into the merged one (a source split between shards is merged folder by folder). */
function moveInto(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (!existsSync(target)) renameSync(source, target);
    else if (statSync(source).isDirectory() && statSync(target).isDirectory())
      moveInto(source, target);
    else
      throw new ShardError(
        `${source}: two shards wrote the same file. Build every shard with the same content and --shard K/N of one N.`,
      );
  }
}

/**
 * Combines shard folders into the site at `outDir`: their files are moved (not copied) into
 * a staging folder, the pages that span the archive are rendered there, every link is
 * checked, and the staging folder replaces `outDir`.
 */
export async function mergeShards(options: {
  root: string;
  shardDirs: string[];
  outDir: string;
  config: SiteConfig;
  log?: (line: string) => void;
  validateHtml?: boolean;
  discard?: "wait" | "background";
}): Promise<{ files: number; timings: Record<string, number> }> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  if (options.config.dataset)
    throw new ShardError(
      "SITE_DATASET is not available to sharded builds: the merge has no articles' text. Build on one machine, or publish the data set with npm run export.",
    );
  if (options.shardDirs.length === 0)
    throw new ShardError(
      "--merge expects the shards' folders: npm run build -- --merge shard-1 shard-2 … --out dist",
    );
  const code = await codeHash(options.root);
  const shards = options.shardDirs.map(readShard);
  const count = shards[0]!.count;
  const seen = new Set<number>();
  for (const [i, s] of shards.entries()) {
    const dir = options.shardDirs[i]!;
    if (s.code !== code)
      throw new ShardError(
        `${dir}: built by other code than this merge's. Build every shard and the merge from the same commit.`,
      );
    if (s.config !== configDigest(options.config))
      throw new ShardError(
        `${dir}: built with other site settings (SITE_URL, SITE_TITLE) than this merge's.`,
      );
    if (s.count !== count || seen.has(s.index))
      throw new ShardError(
        `${dir}: shard ${s.index}/${s.count} does not fit with the others (${shards.map((x) => `${x.index}/${x.count}`).join(", ")}).`,
      );
    seen.add(s.index);
  }
  if (seen.size !== count) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    throw new ShardError(
      `--merge was given ${seen.size} of ${count} shards: shard ${missing.join(", ")} is missing.`,
    );
  }
  const summaries = shards.flatMap((s) => s.articles);
  const problems = checkArchive(
    summaries.map((s) => ({ url: s.summary.url, file: s.summary.file })),
  );
  if (problems.length > 0) throw new ContentInvalidError(sortProblems(problems));

  const outDir = path.resolve(options.outDir);
  await recoverInterruptedBuilds(outDir);
  const staging = stagingFolder(outDir);
  mkdirSync(staging, { recursive: true });
  try {
    for (const dir of options.shardDirs) moveInto(path.join(dir, SITE_FOLDER), staging);
    const sources: Source[] = shards[0]!.sources;
    const model = buildSiteModel(sources, summaries, options.config);
    const pages = listPages(model);
    const render = selectAll(pages);
    const feed = new Map<string, AtomEntry>(shards.flatMap((s) => Object.entries(s.feed)));
    await renderLists(options.root, staging, {
      model,
      pages,
      render,
      feeds: feedsOf(
        model,
        render,
        (ids) => new Map(ids.filter((id) => feed.has(id)).map((id) => [id, feed.get(id)!])),
      ),
      assets: true,
    });
    const files = await listFiles(staging);
    const articleFiles = new Set(summaries.flatMap((s) => s.files));
    await checkSite(staging, {
      root: options.root,
      config: options.config,
      validate: options.validateHtml ?? false,
      files,
      read: (file) => !articleFiles.has(file) && !file.startsWith(SEARCH_ROOT),
      references: shards.flatMap((s) => s.references),
    });
    log(`Checked every link of ${files.length} files.`);
    await swapInto(staging, outDir, options.discard ?? "wait");
    return { files: files.length, timings };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
