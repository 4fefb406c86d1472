// File I/O for the commands that write content: an index of the archive (URL → file) that
// never holds more than one article in memory. Files are written with writeFileAtomic
// (scripts/files/atomic.ts).
import { open, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { parseArticleText } from "../load/parse.ts";

export interface ArticleLocation {
  source: string;
  slug: string;
  /** Path of the file on disk. */
  path: string;
  url: string;
}

export interface ArchiveIndex {
  /** Keyed by urlKey(url). */
  byUrl: Map<string, ArticleLocation>;
  /** Slugs in use (or reserved by this command) per source folder. */
  slugs: Map<string, Set<string>>;
}

/**
 * Finds every article's URL without parsing whole files: the canonical writer
 * puts `url:` first, so the first few kilobytes usually suffice; other files
 * are parsed in full. Files whose URL cannot be read are left out (the loader
 * reports them; the commands refuse to touch what they cannot read).
 */
export async function indexArchive(contentDir: string): Promise<ArchiveIndex> {
  const index: ArchiveIndex = { byUrl: new Map(), slugs: new Map() };
  let folders: string[];
  try {
    folders = (await readdir(contentDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return index;
  }
  for (const source of folders) {
    const slugs = new Set<string>();
    index.slugs.set(source, slugs);
    const files = (await readdir(join(contentDir, source), { withFileTypes: true }))
      .filter(
        (entry) => entry.isFile() && entry.name.endsWith(".md") && !entry.name.startsWith("."),
      )
      .map((entry) => entry.name)
      .sort();
    for (const name of files) {
      const slug = name.slice(0, -".md".length);
      slugs.add(slug);
      const path = join(contentDir, source, name);
      const url = await readUrl(path);
      if (url !== undefined) index.byUrl.set(urlKey(url), { source, slug, path, url });
    }
  }
  return index;
}

const URL_LINE = /^---[^\S\n]*\r?\n(?:#[^\n]*\n)*url:[^\S\n]*([^\n]*?)[^\S\n]*\r?\n/;

/** An article file's url field, or undefined when the file has none that can be read. */
export async function readUrl(path: string): Promise<string | undefined> {
  const handle = await open(path, "r");
  let head: string;
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
  const match = URL_LINE.exec(head);
  if (match?.[1] !== undefined) {
    try {
      const value: unknown = parse(match[1], { schema: "core" });
      if (typeof value === "string") return value.trim();
    } catch {
      // Not a plain one-line value: read the whole file below.
    }
  }
  const { yaml } = parseArticleText(path, await readFile(path, "utf8"));
  const data: unknown = yaml?.data;
  if (data !== null && typeof data === "object" && "url" in data) {
    const url = (data as { url: unknown }).url;
    if (typeof url === "string") return url.trim();
  }
  return undefined;
}

/** URLs that differ only in how they were typed (host case, default port) are the same article. */
export function urlKey(url: string): string {
  try {
    return new URL(url.trim()).href;
  } catch {
    return url.trim();
  }
}
