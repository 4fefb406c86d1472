// The search-record cache: each source's search records, article by article, as the last
// build that indexed the source made them, each under the fingerprint of what the article's
// records were made from (incremental.ts articleFingerprint: the code, the settings, the
// sources file and the article's own file). An incremental build re-indexes a changed source
// from these, making records only for the articles whose fingerprint changed, so it can start
// Pagefind before loading the archive (early-search.ts).
//
// Layout: <dir>/search-records/<source>.json, replaced by rename (a killed build leaves the
// old file or the new one). A missing, damaged or outdated file is only a miss.
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { ArticleRecords } from "../search/index-site.ts";
import type { SearchRecord } from "../search/records.ts";
import { replaceFile } from "./replace-file.ts";

const FORMAT = 1;

/** Article id → the fingerprint its records were made under, and the records. */
export type CachedRecords = Map<string, { fingerprint: string; records: SearchRecord[] }>;

interface StoredFile {
  format: number;
  articles: Record<string, [fingerprint: string, records: SearchRecord[]]>;
}

function folderOf(cacheDir: string): string {
  return path.join(cacheDir, "search-records");
}

function fileOf(cacheDir: string, source: string): string {
  return path.join(folderOf(cacheDir), `${source}.json`);
}

function isRecord(value: unknown): value is SearchRecord {
  const r = value as SearchRecord;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.url === "string" &&
    typeof r.lang === "string" &&
    typeof r.html === "string"
  );
}

/** The source's cached records; empty when there are none or the file cannot be trusted. */
export async function readSourceRecords(cacheDir: string, source: string): Promise<CachedRecords> {
  const out: CachedRecords = new Map();
  let stored: StoredFile;
  try {
    stored = JSON.parse(await readFile(fileOf(cacheDir, source), "utf8")) as StoredFile;
  } catch {
    return out;
  }
  if (stored?.format !== FORMAT || typeof stored.articles !== "object" || !stored.articles) {
    return out;
  }
  for (const [id, entry] of Object.entries(stored.articles)) {
    if (!Array.isArray(entry)) return new Map();
    const [fingerprint, records] = entry;
    if (typeof fingerprint !== "string" || !Array.isArray(records) || !records.every(isRecord)) {
      return new Map();
    }
    out.set(id, { fingerprint, records });
  }
  return out;
}

/**
 * The source's cached records of the articles whose fingerprint is the one given: the records
 * a build would make for them now.
 */
export async function recordsStillValid(
  cacheDir: string,
  source: string,
  fingerprints: Readonly<Record<string, string>>,
): Promise<Map<string, SearchRecord[]>> {
  const valid = new Map<string, SearchRecord[]>();
  for (const [id, { fingerprint, records }] of await readSourceRecords(cacheDir, source)) {
    if (fingerprints[id] === fingerprint) valid.set(id, records);
  }
  return valid;
}

/** Replaces the source's cached records with those just indexed. */
export async function writeSourceRecords(
  cacheDir: string,
  source: string,
  articles: readonly ArticleRecords[],
  fingerprints: Readonly<Record<string, string>>,
): Promise<void> {
  const stored: StoredFile = { format: FORMAT, articles: {} };
  for (const [id, records] of articles) {
    const fingerprint = fingerprints[id];
    if (fingerprint) stored.articles[id] = [fingerprint, records];
  }
  await replaceFile(fileOf(cacheDir, source), JSON.stringify(stored));
}

/** Removes the files of sources the archive no longer has (after a full build). */
export async function pruneSourceRecords(
  cacheDir: string,
  sources: ReadonlySet<string>,
): Promise<void> {
  const folder = folderOf(cacheDir);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.endsWith(".json") && !sources.has(name.slice(0, -".json".length))) {
      await rm(path.join(folder, name), { force: true });
    }
  }
}
