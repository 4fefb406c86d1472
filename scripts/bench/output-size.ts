// How big a built site is, by kind of file, against the archive's body text: what a static
// host's limits (bytes per site, files per site) are measured against (README, "Publishing").
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { loadArchive } from "../load/index.ts";

export const OUTPUT_KINDS = [
  "diff pages",
  "version pages",
  "article pages",
  "history.json",
  "search index",
  "feeds",
  "list pages",
  "other",
] as const;

export type OutputKind = (typeof OUTPUT_KINDS)[number];

export interface OutputPart {
  bytes: number;
  files: number;
}

export interface OutputSize {
  total: OutputPart;
  byKind: Record<OutputKind, OutputPart>;
  /** Bytes of every version's body text (paragraphs joined by blank lines), when known. */
  bodyBytes?: number;
  /** The largest file, which some hosts limit (Cloudflare Pages: 25 MiB). */
  largest: { file: string; bytes: number };
}

/** Which kind a site-relative file (with "/" separators) is. */
export function kindOf(file: string): OutputKind {
  if (file.startsWith("pagefind/")) return "search index";
  if (file.endsWith("/history.json")) return "history.json";
  if (file.endsWith("feed.xml")) return "feeds";
  if (!file.endsWith("index.html")) return "other";
  const parts = file.split("/");
  if (parts.length === 5 && parts[2] === "changes") return "diff pages";
  if (parts.length === 5 && parts[2] === "versions") return "version pages";
  if (parts.length === 3 && parts[1] !== "page") {
    // <source>/<slug>/: every folder of two names is an article, but for the site's own.
    return ["headlines", "search", "page"].includes(parts[0]!) ? "list pages" : "article pages";
  }
  return "list pages";
}

/** Every file under `dir`, measured and sorted into kinds. */
export async function measureOutput(dir: string): Promise<OutputSize> {
  const byKind = Object.fromEntries(OUTPUT_KINDS.map((k) => [k, { bytes: 0, files: 0 }])) as Record<
    OutputKind,
    OutputPart
  >;
  const total = { bytes: 0, files: 0 };
  const largest = { file: "", bytes: 0 };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const file = path.relative(dir, full).split(path.sep).join("/");
    const { size } = await stat(full);
    const part = byKind[kindOf(file)];
    part.bytes += size;
    part.files++;
    total.bytes += size;
    total.files++;
    if (size > largest.bytes) Object.assign(largest, { file, bytes: size });
  }
  return { total, byKind, largest };
}

/** Bytes of body text in an archive: every version's paragraphs, joined by blank lines. */
export async function bodyTextBytes(contentDir: string): Promise<number> {
  const { archive, problems } = await loadArchive(contentDir);
  if (problems.length > 0) throw new Error(`${contentDir} has problems: ${problems[0]!.message}`);
  let bytes = 0;
  for (const article of archive.articles) {
    for (const v of article.versions) bytes += Buffer.byteLength(v.paragraphs.join("\n\n"));
  }
  return bytes;
}

const MB = (bytes: number) => (bytes / 1e6).toFixed(1);

/** A Markdown table: MB, files, share and ratio to the body text, per kind. */
export function formatOutputSize(size: OutputSize, articles?: number): string {
  const ratio = (bytes: number) =>
    size.bodyBytes ? `${(bytes / size.bodyBytes).toFixed(2)}×` : "";
  const rows = OUTPUT_KINDS.map((kind) => {
    const p = size.byKind[kind];
    const share = size.total.bytes ? ((100 * p.bytes) / size.total.bytes).toFixed(0) : "0";
    return `| ${kind} | ${MB(p.bytes)} | ${share} % | ${p.files} | ${ratio(p.bytes)} |`;
  });
  const perArticle = articles
    ? `; per article ${(size.total.bytes / articles / 1000).toFixed(1)} kB in ${(size.total.files / articles).toFixed(1)} files`
    : "";
  return [
    `Output: ${MB(size.total.bytes)} MB in ${size.total.files} files${size.bodyBytes ? `, ${ratio(size.total.bytes)} the ${MB(size.bodyBytes)} MB of body text` : ""}${perArticle}; largest file ${size.largest.file} (${MB(size.largest.bytes)} MB)`,
    "",
    "| kind | MB | share | files | × body text |",
    "| --- | --: | --: | --: | --: |",
    ...rows,
    `| total | ${MB(size.total.bytes)} | 100 % | ${size.total.files} | ${ratio(size.total.bytes)} |`,
  ].join("\n");
}
