// The search-bundle cache: each source's last Pagefind bundle, under a key made from exactly
// what Pagefind was given to write it (its version, the options it ran with, and the bundle's
// records in order). A build that would index a source with the same records copies the
// bundle instead of indexing it again: Pagefind needs about 3 CPU-seconds per source of
// newsroom-10k, copying its 1,700 files about 0.3. This is what makes a full build with a
// restored cache (every publish on CI, which carries .cache/ but not dist/) skip the search
// phase for the sources that did not change.
//
// Layout: <dir>/search-bundles/<source>.<key>/ holds the bundle's files and `bundle.json`
// (the list of files, written last). A folder is written under a temporary name of this
// process and renamed into place whole, so a killed build leaves no half entry under a key;
// once a source's new entry is in place, its older ones are removed. Files are copied both
// ways, never linked: the published site's files can be changed or deleted without touching
// the cache. A missing or damaged entry is only a miss.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "../build/staging.ts";
import { listFiles } from "../check-site/links.ts";
import type { SearchRecord } from "../search/records.ts";
import { hashOf } from "./hash.ts";
import { OWN_TEMPORARY, replaceFile } from "./replace-file.ts";

const FORMAT = 1;
const LISTING = "bundle.json";
/** Beside the listing: what the bundle's records were made from (see noteArticles). */
const ARTICLES = "articles.json";

/** Where a build keeps bundles, and whether it stores the ones it indexes. */
export interface BundleCacheOptions {
  /** The build's cache folder (`--cache`). */
  dir: string;
  /** Store each bundle indexed (a miss); a build that only looks bundles up sets false. */
  store: boolean;
}

interface Listing {
  format: number;
  key: string;
  files: string[];
}

function folderOf(cacheDir: string): string {
  return path.join(cacheDir, "search-bundles");
}

function entryOf(cacheDir: string, source: string, key: string): string {
  return path.join(folderOf(cacheDir), `${source}.${key}`);
}

let version: string | undefined;

/**
 * The installed Pagefind's version: another binary may write other files from the same records.
 * Read once, synchronously, so that a build can decide between copying and indexing a bundle
 * without waiting for its thread's next turn.
 */
export function pagefindVersion(): string {
  version ??= String(
    (
      JSON.parse(
        readFileSync(new URL("../package.json", import.meta.resolve("pagefind")), "utf8"),
      ) as { version?: unknown }
    ).version,
  );
  return version;
}

/** The key of a bundle: what Pagefind is given, in the order it is given. */
export function bundleKey(
  records: readonly SearchRecord[],
  pagefind: { version: string; options: unknown },
): string {
  const parts = [`search-bundle ${FORMAT}`, pagefind.version, JSON.stringify(pagefind.options)];
  for (const record of records) parts.push(record.url, record.html);
  return hashOf(...parts);
}

/** Copies the listed files from one folder to another, a few at a time. */
async function copyFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const folders = new Set(files.map((f) => path.posix.dirname(f)));
  for (const folder of [...folders].sort()) {
    await mkdir(path.join(to, ...folder.split("/")), { recursive: true });
  }
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!.split("/");
      await copyFile(path.join(from, ...file), path.join(to, ...file));
    }
  };
  // Measured on a bundle of 1,708 files: 16 copies at a time took 0.16–0.24 s, Node's fs.cp of
  // the folder 0.76–1.19 s.
  await Promise.all(Array.from({ length: 16 }, lane));
}

/** Whether the cache has a bundle of `source` under `key` (it may still turn out damaged). */
export function hasBundle(cacheDir: string, source: string, key: string): boolean {
  return existsSync(path.join(entryOf(cacheDir, source, key), LISTING));
}

/**
 * Puts the cached bundle of `source` under `key` into `outputPath` (emptied first). False when
 * there is none or it cannot be read whole; `outputPath` is then empty.
 */
export async function restoreBundle(
  cacheDir: string,
  source: string,
  key: string,
  outputPath: string,
): Promise<boolean> {
  const entry = entryOf(cacheDir, source, key);
  let listing: Listing;
  try {
    listing = JSON.parse(await readFile(path.join(entry, LISTING), "utf8")) as Listing;
  } catch {
    return false;
  }
  if (listing?.format !== FORMAT || listing.key !== key || !Array.isArray(listing.files)) {
    return false;
  }
  await rm(outputPath, { recursive: true, force: true });
  try {
    await copyFiles(entry, outputPath, listing.files);
    return true;
  } catch {
    // A file went missing (a cache restored in part, another build pruning it): index instead.
    await rm(outputPath, { recursive: true, force: true });
    return false;
  }
}

/** Keeps the bundle just written to `outputPath` as the cached bundle of `source` under `key`. */
export async function storeBundle(
  cacheDir: string,
  source: string,
  key: string,
  outputPath: string,
): Promise<void> {
  const entry = entryOf(cacheDir, source, key);
  const temporary = `${entry}${OWN_TEMPORARY}`;
  await rm(temporary, { recursive: true, force: true });
  const files = await listFiles(outputPath);
  await copyFiles(outputPath, temporary, files);
  const listing: Listing = { format: FORMAT, key, files };
  await writeFile(path.join(temporary, LISTING), JSON.stringify(listing));
  try {
    await rename(temporary, entry);
  } catch {
    // Another build stored the same bundle first (a folder is not renamed over another).
    await rm(temporary, { recursive: true, force: true });
  }
  // The source's older bundles will not be asked for again by this archive's next build.
  const own = `${source}.`;
  for (const name of await readdir(folderOf(cacheDir))) {
    if (name.startsWith(own) && name !== path.basename(entry) && isEntryName(name)) {
      await rm(path.join(folderOf(cacheDir), name), { recursive: true, force: true });
    }
  }
}

interface ArticlesNote {
  format: number;
  /** What the records were made from: the articles, in order, and their fingerprints. */
  articles: string;
  records: number;
}

/**
 * Notes beside the cached bundle of `source` under `key` what its records were made from
 * (`articles`: a hash of the articles, in order, and of what each one's records are made
 * from). A later build with the same articles finds the bundle with findByArticles without
 * making, reading or hashing the records. Nothing when the entry is gone.
 */
export async function noteArticles(
  cacheDir: string,
  source: string,
  key: string,
  articles: string,
  records: number,
): Promise<void> {
  const entry = entryOf(cacheDir, source, key);
  if (!existsSync(path.join(entry, LISTING))) return;
  const note: ArticlesNote = { format: FORMAT, articles, records };
  await replaceFile(path.join(entry, ARTICLES), JSON.stringify(note));
}

/**
 * The cached bundle of `source` whose records were made from `articles` (noteArticles), and
 * how many records it holds; decided synchronously, as hasBundle is.
 */
export function findByArticles(
  cacheDir: string,
  source: string,
  articles: string,
): { key: string; records: number } | undefined {
  let names: string[];
  try {
    names = readdirSync(folderOf(cacheDir));
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (!name.startsWith(`${source}.`) || !isEntryName(name)) continue;
    try {
      const note = JSON.parse(
        readFileSync(path.join(folderOf(cacheDir), name, ARTICLES), "utf8"),
      ) as ArticlesNote;
      if (note.format === FORMAT && note.articles === articles && Number.isInteger(note.records)) {
        return { key: name.slice(source.length + 1), records: note.records };
      }
    } catch {
      // No note, or a damaged one: this entry is found by its records' key only.
    }
  }
  return undefined;
}

/** "<source>.<64 hex digits>": an entry, not a temporary folder. */
function isEntryName(name: string): boolean {
  return /^[^.]+\.[0-9a-f]{64}$/.test(name);
}

/**
 * Removes the bundles of sources the archive no longer has, and temporary folders this process
 * or a killed build left (after a full build, which knows every source).
 */
export async function pruneBundles(cacheDir: string, sources: ReadonlySet<string>): Promise<void> {
  const folder = folderOf(cacheDir);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const temporary = /\.(\d+)\.tmp$/.exec(name);
    // This process's own are left over from a failed copy: its bundles are all written now.
    const gone = temporary
      ? `.${temporary[1]}.tmp` === OWN_TEMPORARY || !isRunning(Number(temporary[1]))
      : !isEntryName(name) || !sources.has(name.slice(0, name.indexOf(".")));
    if (gone) await rm(path.join(folder, name), { recursive: true, force: true });
  }
}
