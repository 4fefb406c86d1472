// Incremental builds: the build's own change detection (Eleventy's --incremental does not
// work for one-off builds with JavaScript templates).
//
// After each build a manifest in the cache folder records what went in (a hash of the code,
// the site settings, and every content file), what each article's and each list page's
// content was made from (fingerprints), and every file of dist/. The next build compares:
//   - nothing changed, and dist/ is the folder that build left → nothing to do;
//   - code or settings changed, or no usable manifest → a full build, swapped in whole;
//   - otherwise a patch: only the changed articles' files, the list pages whose entries
//     changed, the pages that sum up the archive (front pages, feeds, sitemap, indexes) and
//     the search bundles of the changed sources are built, into a staging folder, and checked
//     there against the files of dist/ they will sit beside. Only then are they moved into
//     dist/ (file by file; a search bundle as one folder), and the files the new site no
//     longer has are removed. The manifest is deleted before the first move, so a build
//     killed while moving leaves a dist/ the next build does not trust: it builds in full.
//     The result is byte-identical to a full build (test/perf/incremental.test.ts).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import type { SiteConfig } from "../site/config.ts";
import {
  bundleBound,
  SEARCH_ROOT,
  searchShardPath,
  shardKeysOfModel,
  shardsToIndex,
} from "../search/shards.ts";
import type { RenderSelection } from "../build/prepare.ts";
import type { DiskStamp } from "../load/index.ts";
import { headlineChanges } from "../site/headlines.ts";
import { newestVersionTime, sourceFeedChanges, sourceFeedPath } from "../feeds/select.ts";
import type { ListPage, SiteModel, SourceEntry } from "../site/model.ts";
import type { SitePages } from "../site/pages.ts";
import { ASSETS_ROOT, fileOf } from "../site/paths.ts";
import { codeHash, hashOf } from "./hash.ts";
import { replaceFile } from "./replace-file.ts";

export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface Inputs {
  code: string;
  config: string;
  /** Content files, relative to the content folder with "/" separators. */
  files: Record<string, FileStamp>;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  inputs: Inputs;
  /** Article id → fingerprint of everything its pages are made from. */
  articles: Record<string, string>;
  /** List page path → fingerprint of the entries it shows. */
  lists: Record<string, string>;
  /**
   * Folder → its files in dist/ (packFiles): each article's folder ("source/slug", keyed by
   * the article's id) and each search bundle's ("pagefind/<shard>"). 98,000 names for the
   * articles of newsroom-10k and 34,000 for its 80 bundles.
   */
  owned: Record<string, PackedFiles>;
  /** Every other file of dist/: list pages, feeds, assets. */
  shared: string[];
  /** Hash of dist/'s home page and sitemap, to notice a dist/ that another build replaced. */
  stamp: string;
}

export const MANIFEST_FORMAT = 5;

/**
 * Code whose changes can change any page: the build's modules, the templates and the locked
 * dependencies. Other commands (scripts/import.ts, …) and the benchmark are left out, so
 * editing them does not force a full build.
 */
export async function siteCodeHash(root: string): Promise<string> {
  const folders = (await readdir(path.join(root, "scripts"), { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name !== "bench")
    .map((e) => `scripts/${e.name}`);
  return codeHash(root, [
    ...folders,
    "scripts/build.ts",
    "templates",
    ".eleventy.ts",
    "package-lock.json",
  ]);
}

/** One manifest per output folder, so building two folders from one checkout does not mix them. */
export function manifestPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, "builds", `${hashOf(path.resolve(outDir)).slice(0, 16)}.json`);
}

/**
 * The manifest as stored: two lines. The first holds what deciding the kind of build needs
 * (the inputs and the output's stamp: 1.8 of newsroom-10k's 7.6 MB) and the second line's
 * length and CRC-32; the second holds the rest (every file of dist/, every fingerprint). An
 * incremental build starts re-indexing its changed sources as soon as it knows them, and
 * parsing the second line first would hold that back (parse and collection took about 0.3 s
 * when it held 11 MB, while the other core had nothing to do): it is parsed when first read.
 */
type ManifestHead = Pick<Manifest, "format" | "inputs" | "stamp"> & {
  rest: { length: number; crc: string };
};
type ManifestRest = Omit<Manifest, "format" | "inputs" | "stamp">;

/**
 * The last build's manifest, or undefined when there is none this code can trust (missing,
 * another format, damaged). Its file lists and fingerprints are parsed when first read; the
 * CRC-32 checked here guarantees that parse.
 */
export async function readManifest(
  cacheDir: string,
  outDir: string,
): Promise<Manifest | undefined> {
  try {
    const bytes = await readFile(manifestPath(cacheDir, outDir));
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const head = JSON.parse(bytes.toString("utf8", 0, newline)) as ManifestHead;
    const body = bytes.subarray(newline + 1);
    if (
      head.format !== MANIFEST_FORMAT ||
      head.rest?.length !== body.length ||
      crc32(body).toString(16) !== head.rest.crc
    ) {
      return undefined;
    }
    let rest: ManifestRest | undefined;
    const part = <K extends keyof ManifestRest>(key: K) => ({
      enumerable: true,
      get: (): ManifestRest[K] => (rest ??= JSON.parse(body.toString("utf8")) as ManifestRest)[key],
    });
    const manifest = { format: head.format, inputs: head.inputs, stamp: head.stamp };
    return Object.defineProperties(manifest, {
      articles: part("articles"),
      lists: part("lists"),
      owned: part("owned"),
      shared: part("shared"),
    }) as Manifest;
  } catch {
    return undefined;
  }
}

export async function writeManifest(
  cacheDir: string,
  outDir: string,
  manifest: Manifest,
): Promise<void> {
  const { format, inputs, stamp, ...others } = manifest;
  const rest: ManifestRest = {
    articles: others.articles,
    lists: others.lists,
    owned: others.owned,
    shared: others.shared,
  };
  // The body is encoded once, and its checksum taken from those bytes; the first line is
  // written before it without copying either into one buffer. Given text, zlib's CRC-32 and
  // the file write each encoded it again, and the joined text was a copy of both: writing
  // newsroom-10k's 6.8 MB manifest took 283–300 ms in a fresh process, now 216–245 ms.
  const body = Buffer.from(JSON.stringify(rest), "utf8");
  const head: ManifestHead = {
    format,
    inputs,
    stamp,
    rest: { length: body.length, crc: crc32(body).toString(16) },
  };
  const first = Buffer.from(`${JSON.stringify(head)}\n`, "utf8");
  await replaceFile(manifestPath(cacheDir, outDir), [first, body]);
}

/** The hash a content file is recorded under in the manifest. */
export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Hashes every content file. A file whose size and modification time match the previous
 * manifest keeps its recorded hash (as git's index does), so an unchanged archive is not read.
 * `stamps`, if given, receives each file's stamp by absolute path, for the loader to reuse.
 */
export async function readInputs(
  root: string,
  contentDir: string,
  config: SiteConfig,
  previous: Inputs | undefined,
  stamps?: Map<string, DiskStamp>,
): Promise<Inputs> {
  // Each file's name from the content folder, "/"-separated, in name order (the manifest's).
  const folders = new Map<string, string>();
  const entries = (await readdir(contentDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => {
      let folder = folders.get(e.parentPath);
      if (folder === undefined) {
        folder = path.relative(contentDir, e.parentPath).split(path.sep).join("/");
        folders.set(e.parentPath, folder);
      }
      return { e, name: folder ? `${folder}/${e.name}` : e.name };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: Record<string, FileStamp> = {};
  // One file after another, synchronously: nothing else is under way yet, and stat through
  // promises costs more than the call itself (10,000 files: 73–87 ms with statSync against
  // 273–296 ms with 256 promises at a time, measured on newsroom-10k).
  for (const { e, name } of entries) {
    const full = path.join(e.parentPath, e.name);
    const takenAt = Date.now();
    const info = statSync(full);
    stamps?.set(full, { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, takenAt });
    const before = previous?.files[name];
    files[name] =
      before && before.size === info.size && before.mtimeMs === info.mtimeMs
        ? before
        : { size: info.size, mtimeMs: info.mtimeMs, hash: contentHash(readFileSync(full)) };
  }
  return {
    code: await siteCodeHash(root),
    config: hashOf(JSON.stringify(config)),
    files,
  };
}

function sameFiles(a: Inputs, b: Inputs): boolean {
  const names = Object.keys(a.files);
  if (names.length !== Object.keys(b.files).length) return false;
  return names.every((name) => a.files[name]!.hash === b.files[name]?.hash);
}

/** dist/ as a build left it: its home page and sitemap hash to what the manifest recorded. */
export async function distStamp(outDir: string): Promise<string | undefined> {
  try {
    return hashOf(
      await readFile(path.join(outDir, "index.html")),
      await readFile(path.join(outDir, "sitemap.xml")),
    );
  } catch {
    return undefined;
  }
}

export type Plan =
  | { kind: "up-to-date" }
  | { kind: "full"; reason: string }
  | { kind: "incremental"; previous: Manifest };

export async function planBuild(
  previous: Manifest | undefined,
  inputs: Inputs,
  outDir: string,
): Promise<Plan> {
  if (!previous) return { kind: "full", reason: "no earlier build recorded" };
  if (previous.inputs.code !== inputs.code) return { kind: "full", reason: "the code changed" };
  if (previous.inputs.config !== inputs.config) {
    return { kind: "full", reason: "the site settings changed" };
  }
  if (!existsSync(outDir) || (await distStamp(outDir)) !== previous.stamp) {
    return { kind: "full", reason: "the output folder is not the one the last build wrote" };
  }
  if (sameFiles(previous.inputs, inputs)) return { kind: "up-to-date" };
  return { kind: "incremental", previous };
}

/**
 * What an article's pages are made from: its own file, the sources file (its source's name
 * and language), the code and the settings. Nothing else reaches them.
 */
export function articleFingerprints(model: SiteModel, inputs: Inputs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of model.articles.keys()) out[id] = articleFingerprint(inputs, id);
  return out;
}

/** One article's fingerprint (see articleFingerprints), from the inputs alone. */
export function articleFingerprint(inputs: Inputs, id: string): string {
  const sources = inputs.files["sources.yaml"]?.hash ?? "";
  return hashOf(inputs.code, inputs.config, sources, inputs.files[`${id}.md`]?.hash ?? "");
}

/** The source an article belongs to: "bbc/some-story" → "bbc". */
export function sourceOf(articleId: string): string {
  return articleId.slice(0, articleId.indexOf("/"));
}

/** "bbc/some-story.md" → "bbc/some-story"; undefined for anything that is not an article file. */
function articleIdOf(file: string): string | undefined {
  const parts = file.split("/");
  if (parts.length !== 2 || !parts[1]!.endsWith(".md")) return undefined;
  if (parts.some((part) => part.startsWith("."))) return undefined;
  return file.slice(0, -".md".length);
}

/**
 * The content files that differ between two builds' inputs, as article ids grouped by source;
 * undefined when anything but article files changed (the sources file, say), since then
 * which pages change is known only once the archive is loaded.
 */
export function changedArticleFiles(
  before: Inputs,
  now: Inputs,
): Map<string, Set<string>> | undefined {
  const changed = new Map<string, Set<string>>();
  const names = new Set([...Object.keys(before.files), ...Object.keys(now.files)]);
  for (const name of names) {
    if (before.files[name]?.hash === now.files[name]?.hash) continue;
    const id = articleIdOf(name);
    if (!id) return undefined;
    const source = sourceOf(id);
    const ids = changed.get(source);
    if (ids) ids.add(id);
    else changed.set(source, new Set([id]));
  }
  return changed;
}

/**
 * A source's articles as the inputs list them, in archive order (by slug, as the loader
 * sorts them). What the loader keeps is decided by loading; a caller must check.
 */
export function sourceArticleIds(inputs: Inputs, source: string): string[] {
  const ids: string[] = [];
  for (const name of Object.keys(inputs.files)) {
    if (!name.startsWith(`${source}/`)) continue;
    const id = articleIdOf(name);
    if (id) ids.push(id);
  }
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The articles whose pages must be rendered again. */
export function changedArticles(
  fingerprints: Record<string, string>,
  previous: Manifest,
): Set<string> {
  const changed = new Set<string>();
  // Read once: the manifest's lists are getters (readManifest), and this runs per article.
  const { articles, owned } = previous;
  for (const [id, fingerprint] of Object.entries(fingerprints)) {
    if (articles[id] !== fingerprint || owned[id] === undefined) changed.add(id);
  }
  return changed;
}

/**
 * What each page of a paginated list shows: its place among the pages and, per entry, the
 * entry and the fingerprint of its article. Front pages also show totals, so they change
 * with any new version; archive pages change only when one of their entries does.
 */
export function listFingerprints(
  model: SiteModel,
  pages: SitePages,
  articles: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  // Not start/end: they count from the newest entry, so they move with every new one.
  const place = (p: ListPage) =>
    [p.path, p.pageNumber, p.previousPath ?? "", p.nextPath ?? ""].join(" ");
  const ofChanges = (list: readonly { id: string; articleId: string }[], p: ListPage) =>
    list.slice(p.start, p.end).map((c) => `${c.id} ${articles[c.articleId] ?? ""}`);
  const totals = JSON.stringify(model.totals);
  for (const { list } of pages.home) {
    out[list.path] = hashOf(
      "home",
      place(list),
      list.pageNumber === 0 ? totals : "",
      ...ofChanges(model.latestChanges, list),
    );
  }
  const headlines = headlineChanges(model);
  for (const { list } of pages.headlines) {
    out[list.path] = hashOf(
      "headlines",
      place(list),
      list.pageNumber === 0 ? String(headlines.length) : "",
      ...ofChanges(headlines, list),
    );
  }
  for (const { key, list } of pages.source) {
    const source = model.sourcesByKey.get(key)!;
    out[list.path] = hashOf(
      "source",
      place(list),
      list.pageNumber === 0
        ? JSON.stringify([source.articleIds.length, source.versionCount, source.changeCount])
        : "",
      ...source.articleIds.slice(list.start, list.end).map((id) => `${id} ${articles[id] ?? ""}`),
    );
  }
  // A source's feed: its newest changes (and, without any, its newest version's time).
  for (const source of model.sources) {
    const key = source.source.key;
    out[sourceFeedPath(source)] = hashOf(
      "feed",
      String(newestVersionTime(model, key).getTime()),
      ...sourceFeedChanges(model, key).map((c) => `${c.id} ${articles[c.articleId] ?? ""}`),
    );
  }
  // A sitemap file: the addresses it lists.
  for (const sitemap of pages.sitemaps) {
    out[sitemap.path] = hashOf("sitemap", sitemap.path, ...sitemap.pages);
  }
  return out;
}

/** In a patch build: what to render, and which search bundles to index again. */
export interface PatchPlan {
  render: RenderSelection;
  /** Shards (search/shards.ts) whose search bundle is indexed again. */
  shards: Set<string>;
  /** Files of the previous dist/ that the new site keeps as they are. */
  kept: KeptFiles;
  /** The previous dist/'s files, as its manifest recorded them. */
  previous: Pick<Manifest, "owned" | "shared">;
  /**
   * Site-relative folders rebuilt whole ("pagefind/<shard>/", for each of `shards`):
   * published by swapping the folder, not file by file.
   */
  folders: string[];
}

/**
 * The files a patch keeps: every file of the articles it does not render again and of the
 * search bundles it does not index again (the manifest lists them by folder; 130,000 names at
 * newsroom-10k, so they are not copied into a set), and the other files it keeps one by one.
 */
export interface KeptFiles {
  /** Folders (`owned` keys: articles, search bundles) all of whose files stay as they are. */
  folders: ReadonlySet<string>;
  /** Other files that stay: list pages, feeds and sitemaps not rendered again, assets. */
  shared: ReadonlySet<string>;
  /** How many files stay, in all. */
  size: number;
  /** Whether the new site keeps this file of the previous one. */
  has(file: string): boolean;
}

export function planPatch(
  model: SiteModel,
  pages: SitePages,
  previous: Manifest,
  articles: Record<string, string>,
  lists: Record<string, string>,
): PatchPlan {
  const changed = changedArticles(articles, previous);
  const shards = searchShardsToIndex(model, changed, Object.keys(previous.articles));
  const live = new Set(shardKeysOfModel(model).values());
  // A list page, source feed or sitemap file is rendered again when its fingerprint changed.
  const before = previous.lists;
  const changedList = (key: string) => before[key] !== lists[key];
  const fresh = (p: { list: ListPage }) => changedList(p.list.path);

  // Articles not rendered again, and search bundles not indexed again of shards still live.
  const keptFolders = new Set(
    Object.keys(previous.owned).filter((folder) => {
      if (!folder.startsWith(SEARCH_ROOT)) return folder in articles && !changed.has(folder);
      const shard = folder.slice(SEARCH_ROOT.length);
      return live.has(shard) && !shards.has(shard);
    }),
  );
  const keptShared = new Set<string>();
  const listFiles = new Set(
    [
      ...[...pages.home, ...pages.headlines, ...pages.source].map((p) => p.list.path),
      ...model.sources.map(sourceFeedPath),
      ...pages.sitemaps.map((s) => s.path),
    ]
      .filter((key) => !changedList(key))
      .map(fileOf),
  );
  for (const file of previous.shared) {
    if (listFiles.has(file)) keptShared.add(file);
    // Stylesheet and browser scripts: made from the code alone, which a patch shares with the
    // build before it, so they are kept (a patch renders its pages without Eleventy, which
    // writes them: build/list-pages.ts).
    else if (file.startsWith(ASSETS_ROOT)) keptShared.add(file);
  }
  const kept = keptFiles(previous.owned, keptFolders, keptShared);
  return {
    render: {
      articles: [...changed],
      home: pages.home.filter(fresh),
      headlines: pages.headlines.filter(fresh),
      source: pages.source.filter(fresh),
      sourceFeeds: model.sources.filter((s) => changedList(sourceFeedPath(s))),
      sitemaps: pages.sitemaps.filter((s) => changedList(s.path)),
    },
    shards,
    kept,
    previous: { owned: previous.owned, shared: previous.shared },
    folders: [...shards].sort().map(searchShardPath),
  };
}

/**
 * The shards whose bundles must be indexed again (shardsToIndex, for every source that changed
 * or had articles before). `before` lists the previous build's articles.
 */
export function searchShardsToIndex(
  model: SiteModel,
  changed: Iterable<string>,
  before: readonly string[],
): Set<string> {
  const bySource = new Map<string, { before: string[]; changed: string[] }>();
  const of = (source: string) => {
    let lists = bySource.get(source);
    if (!lists) bySource.set(source, (lists = { before: [], changed: [] }));
    return lists;
  };
  for (const id of before) of(sourceOf(id)).before.push(id);
  for (const id of changed) of(sourceOf(id)).changed.push(id);
  // An article that is gone takes its files, and its shard's bundle must lose it too.
  for (const [source, lists] of bySource) {
    const now = new Set(model.sourcesByKey.get(source)?.articleIds);
    for (const id of lists.before) if (!now.has(id)) lists.changed.push(id);
  }
  const bound = bundleBound(model.config);
  const shards = new Set<string>();
  for (const [source, lists] of bySource) {
    const now = model.sourcesByKey.get(source)?.articleIds ?? [];
    const wanted = shardsToIndex(source, lists.before, now, lists.changed, bound).shards;
    for (const key of wanted.keys()) shards.add(key);
  }
  return shards;
}

/** The files kept of a site whose files are `owned`: those of `folders`, and `shared`. */
export function keptFiles(
  owned: Manifest["owned"],
  folders: ReadonlySet<string>,
  shared: ReadonlySet<string>,
): KeptFiles {
  let size = shared.size;
  for (const folder of folders) size += countFiles(owned[folder]);
  return {
    folders,
    shared,
    size,
    has(file) {
      if (shared.has(file)) return true;
      const folder = folderOf(file);
      return folders.has(folder) && holdsFile(owned[folder], file.slice(folder.length + 1));
    },
  };
}

/** Where applyPatch puts the folders it replaced: inside the staging folder, deleted with it. */
const REPLACED = ".replaced";

/**
 * Moves a checked staging folder's files into dist/ (each rename replaces one file at once)
 * and removes the files of the previous site the new one neither keeps nor replaces. A folder
 * rebuilt whole (a search bundle: 1,500 files for a source of 500 articles) is swapped in as
 * one, and the one it replaces is moved into the staging folder under REPLACED. The staging
 * folder is left for the caller to delete, with them.
 */
export async function applyPatch(
  staging: string,
  outDir: string,
  staged: readonly string[],
  plan: Pick<PatchPlan, "kept" | "previous" | "folders">,
): Promise<void> {
  const made = new Set<string>();
  const makeFolder = async (folder: string) => {
    if (made.has(folder)) return;
    await mkdir(path.join(outDir, folder), { recursive: true });
    made.add(folder);
  };
  const whole = (file: string) => plan.folders.some((folder) => file.startsWith(folder));
  for (const folder of plan.folders) {
    const old = path.join(outDir, folder);
    if (existsSync(old)) {
      const aside = path.join(staging, REPLACED, folder);
      await mkdir(path.dirname(aside), { recursive: true });
      await rename(old, aside);
    }
    if (staged.some((file) => file.startsWith(folder))) {
      await makeFolder(path.dirname(folder));
      await rename(path.join(staging, folder), old);
    }
  }
  for (const file of staged) {
    if (whole(file)) continue;
    await makeFolder(path.dirname(file));
    await rename(path.join(staging, file), path.join(outDir, file));
  }
  const replaced = new Set(staged);
  const leaving = (file: string) => !replaced.has(file) && !whole(file);
  const gone: string[] = [];
  for (const [folder, packed] of Object.entries(plan.previous.owned)) {
    if (plan.kept.folders.has(folder)) continue;
    for (const file of unpackFiles(folder, packed)) if (leaving(file)) gone.push(file);
  }
  for (const file of plan.previous.shared) {
    if (!plan.kept.shared.has(file) && leaving(file)) gone.push(file);
  }
  for (const file of gone) await unlink(path.join(outDir, file)).catch(() => {});
  // Folders left empty (an article that was removed, a source that lost its last article).
  const emptied = new Set([
    ...gone.map((f) => path.dirname(f)),
    ...plan.folders.map((f) => path.dirname(f)),
  ]);
  for (const folder of [...emptied].sort().reverse()) {
    for (let dir = folder; dir !== "."; dir = path.dirname(dir)) {
      try {
        await rmdir(path.join(outDir, dir));
      } catch {
        break;
      }
    }
  }
}

/**
 * The two-level folder a site file is in ("wire/strike" for "wire/strike/v2/index.html",
 * "pagefind/wire--0" for a file of that search bundle), or "" for a file at most one folder
 * deep. Finding the second slash rather than splitting the name halves the time over
 * newsroom-10k's 98,000 files.
 */
function folderOf(file: string): string {
  const first = file.indexOf("/");
  const second = first < 0 ? -1 : file.indexOf("/", first + 1);
  return second < 0 ? "" : file.slice(0, second);
}

/**
 * A folder's files as the manifest keeps them: their names under the folder, sorted, one per
 * line ("index.html\nversions/1/index.html\n…"). One string per folder rather than a list of
 * full names: an incremental build reads the record of 130,000 files at newsroom-10k and
 * writes it again, and of them it looks at the few of the articles it renders (and the links
 * into the others' pages); the rest are copied as they are.
 */
export type PackedFiles = string;

export function packFiles(folder: string, files: readonly string[]): PackedFiles {
  const prefix = `${folder}/`;
  return files
    .map((file) => {
      if (!file.startsWith(prefix) || file.includes("\n")) {
        throw new Error(`${file} cannot be recorded as a file of the folder ${folder}.`);
      }
      return file.slice(prefix.length);
    })
    .sort()
    .join("\n");
}

export function unpackFiles(folder: string, packed: PackedFiles): string[] {
  return packed === "" ? [] : packed.split("\n").map((name) => `${folder}/${name}`);
}

function countFiles(packed: PackedFiles | undefined): number {
  if (!packed) return 0;
  let count = 1;
  for (let at = packed.indexOf("\n"); at >= 0; at = packed.indexOf("\n", at + 1)) count++;
  return count;
}

/** Whether a packed list holds a name (relative to the article's folder). */
function holdsFile(packed: PackedFiles | undefined, name: string): boolean {
  if (packed === undefined || name === "" || name.includes("\n")) return false;
  if (packed === name) return true;
  return (
    packed.startsWith(`${name}\n`) || packed.endsWith(`\n${name}`) || packed.includes(`\n${name}\n`)
  );
}

/**
 * Every file of a finished site, grouped as the manifest keeps them: by folder, for the
 * folders given (articles' and search bundles': recordedFolders), the rest one by one.
 */
export function groupFiles(
  files: Iterable<string>,
  folders: ReadonlySet<string>,
): Pick<Manifest, "owned" | "shared"> {
  const lists: Record<string, string[]> = {};
  const shared: string[] = [];
  for (const file of files) {
    const folder = folderOf(file);
    if (folders.has(folder)) (lists[folder] ??= []).push(file);
    else shared.push(file);
  }
  const owned: Record<string, PackedFiles> = {};
  for (const [folder, list] of Object.entries(lists)) owned[folder] = packFiles(folder, list);
  return { owned, shared: shared.sort() };
}

/** The folders the manifest records by folder: each article's, and each search bundle's. */
export function recordedFolders(
  articleIds: Iterable<string>,
  shardKeys: Iterable<string>,
): Set<string> {
  const folders = new Set(articleIds);
  // "pagefind/<shard>", as folderOf names a bundle's files.
  for (const key of shardKeys) folders.add(searchShardPath(key).slice(0, -1));
  return folders;
}

/**
 * The files of a patched site, grouped as the manifest keeps them: what the patch wrote, and
 * what it kept of the previous site (whose articles' lists are taken as they were).
 */
export function patchedFiles(
  written: Iterable<string>,
  folders: ReadonlySet<string>,
  patch: Pick<PatchPlan, "kept" | "previous">,
): Pick<Manifest, "owned" | "shared"> {
  const grouped = groupFiles(written, folders);
  for (const folder of patch.kept.folders) {
    // Taken as the last record holds them, unread, unless the patch also wrote into the folder.
    const files = patch.previous.owned[folder]!;
    const also = grouped.owned[folder];
    grouped.owned[folder] =
      also === undefined
        ? files
        : packFiles(folder, [
            ...new Set([...unpackFiles(folder, files), ...unpackFiles(folder, also)]),
          ]);
  }
  const shared = new Set([...grouped.shared, ...patch.kept.shared]);
  return { owned: grouped.owned, shared: [...shared].sort() };
}

/** Forgets the last build, so the next one builds in full (used before dist/ is patched). */
export async function forgetBuild(cacheDir: string, outDir: string): Promise<void> {
  await rm(manifestPath(cacheDir, outDir), { force: true });
}
