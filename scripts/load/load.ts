// The I/O edge: walks content/, reads files, and hands text to the pure parsers.
import { readdir, readFile } from "node:fs/promises";
import type { Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseArticleFile } from "./article.ts";
import { checkArchive } from "./checks.ts";
import { compare, missingSourcesProblem, parseSourcesFile } from "./sources.ts";
import type { ParsedSources } from "./sources.ts";
import { decodeUtf8 } from "./text.ts";
import type { Article, ContentProblem, LoadResult } from "./types.ts";

export interface LoadOptions {
  /** Paths in problems and Article.file are relative to this folder (default: the working directory). */
  root?: string;
}

export const SOURCES_FILE = "sources.yaml";

/** What a walk of content/ finds: the sources file, every article file, and what is wrong with the tree. */
export interface ContentScan {
  /** Problems of the tree itself (links, folders in source folders, stray files) and of sources.yaml. */
  problems: ContentProblem[];
  sources: ParsedSources;
  /** Absolute paths of the article files, in name order (source folder, then file). */
  articleFiles: string[];
  /** Path → its name for messages (relative to the root, "/"-separated). */
  show: (path: string) => string;
}

/**
 * Walks content/ without reading the articles. Layout: content/sources.yaml describes the
 * sources; every folder is a source holding <slug>.md articles. Other files at the top level
 * (README.md) are ignored, as is anything whose name starts with "." (.gitkeep, .DS_Store).
 * Inside a source folder anything that is not an article is reported, so a mistyped file name
 * never silently drops an article. Symbolic links are reported, never followed: they could
 * lead outside content/. Every build reads the tree this way, whatever it knows from before.
 */
export async function scanContent(
  contentDir: string,
  options: LoadOptions = {},
): Promise<ContentScan> {
  const root = options.root ?? process.cwd();
  // A path inside the root is shown by cutting the root off (path.relative resolves both first).
  const inside = root.endsWith(sep) ? root : `${root}${sep}`;
  const show = (path: string): string =>
    path.startsWith(inside) && !path.includes(`${sep}..`)
      ? path.slice(inside.length).split(sep).join("/")
      : relative(root, path).split(sep).join("/") || ".";
  const problems: ContentProblem[] = [];

  let entries: Dirent[];
  try {
    entries = await readdir(contentDir, { withFileTypes: true });
  } catch (error) {
    return {
      show,
      articleFiles: [],
      sources: { sources: [], problems: [] },
      problems: [
        {
          file: show(contentDir),
          field: "",
          message: `expected a content folder, found ${(error as NodeJS.ErrnoException).code === "ENOTDIR" ? "a file" : "nothing"} at this path`,
          fix: "run the command from the project root, or pass the content folder with --content <dir>",
        },
      ],
    };
  }

  const sources = await readSources(contentDir, entries, show);
  problems.push(...sources.problems);
  const articleFiles: string[] = [];
  for (const entry of visible(entries)) {
    const path = join(contentDir, entry.name);
    if (entry.isSymbolicLink()) problems.push(symlinkProblem(show(path)));
    else if (entry.isDirectory())
      articleFiles.push(...(await scanSourceFolder(path, show, problems)));
  }
  return { show, problems, sources, articleFiles };
}

/** Reads one article file and parses it: the article, or every problem it has. */
export async function readArticleFile(
  path: string,
  file: string,
  sources: ReadonlySet<string> | undefined,
): Promise<ReturnType<typeof parseArticleFile>> {
  const bytes = await readBytes(path);
  if (!(bytes instanceof Uint8Array)) return { problems: [unreadableProblem(file, bytes)] };
  return parseArticleBytes(path, file, bytes, sources);
}

/** Parses an article file's bytes (already read): refuses what is not UTF-8. */
export function parseArticleBytes(
  path: string,
  file: string,
  bytes: Uint8Array,
  sources: ReadonlySet<string> | undefined,
): ReturnType<typeof parseArticleFile> {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { problems: [utf8Problem(file, bytes)] };
  return parseArticleFile(file, text, sources);
}

/** Loads and validates content/: every article, and every problem in every file. */
export async function loadArchive(
  contentDir: string,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const scan = await scanContent(contentDir, options);
  const problems = [...scan.problems];
  const keys = scan.sources.keys;
  const parsed = await mapLimited(scan.articleFiles, OPEN_FILES, (path) =>
    readArticleFile(path, scan.show(path), keys),
  );
  const described = new Set(scan.sources.sources.map((source) => source.key));
  let articles: Article[] = [];
  for (const result of parsed) {
    problems.push(...result.problems);
    // An article whose source entry is broken has nowhere to be shown; the
    // entry's own problem already explains it.
    if (result.article && described.has(result.article.source)) articles.push(result.article);
  }

  const crossFile = checkArchive(articles);
  problems.push(...crossFile);
  const broken = new Set(crossFile.map((problem) => problem.file));
  articles = articles.filter((article) => !broken.has(article.file));
  articles.sort((a, b) => compare(a.source, b.source) || compare(a.slug, b.slug));

  return { archive: { sources: scan.sources.sources, articles }, problems: sortProblems(problems) };
}

async function readSources(
  contentDir: string,
  entries: Dirent[],
  show: (path: string) => string,
): Promise<ParsedSources> {
  const path = join(contentDir, SOURCES_FILE);
  const entry = entries.find((candidate) => candidate.name === SOURCES_FILE);
  if (!entry || !entry.isFile()) {
    const lookalike = entries.find(
      (candidate) => candidate.isFile() && /^sources?\.ya?ml$/i.test(candidate.name),
    )?.name;
    return { sources: [], problems: [missingSourcesProblem(show(path), lookalike)] };
  }
  const bytes = await readBytes(path);
  if (!(bytes instanceof Uint8Array)) {
    return { sources: [], problems: [unreadableProblem(show(path), bytes)] };
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) return { sources: [], problems: [utf8Problem(show(path), bytes)] };
  return parseSourcesFile(show(path), text);
}

async function scanSourceFolder(
  folder: string,
  show: (path: string) => string,
  problems: ContentProblem[],
): Promise<string[]> {
  const files: string[] = [];
  for (const entry of visible(await readdir(folder, { withFileTypes: true }))) {
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      problems.push(symlinkProblem(show(path)));
    } else if (entry.isDirectory()) {
      problems.push({
        file: show(path),
        field: "",
        message: "expected only article files in a source folder, found a folder",
        fix: `move its articles up into ${show(folder)}/ (content/<source>/<slug>.md), or move it out of content/`,
      });
    } else if (entry.name.endsWith(".md")) {
      files.push(path);
    } else {
      const stem = entry.name.replace(/\.[^.]*$/, "");
      problems.push({
        file: show(path),
        field: "",
        message: `expected only <slug>.md article files in a source folder, found ${JSON.stringify(entry.name)}`,
        fix: /\.(md|markdown|mdown)$/i.test(entry.name)
          ? `rename it to ${JSON.stringify(`${stem.toLowerCase()}.md`)}`
          : "rename it to end in .md if it is an article; otherwise move it out of content/",
      });
    }
  }
  return files;
}

function visible(entries: Dirent[]): Dirent[] {
  return entries
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => compare(a.name, b.name));
}

/** The file's bytes, or the error code when it cannot be read (permissions, removed meanwhile). */
/**
 * Files read at once. Reading every file of a 100k-article archive at once runs out of file
 * descriptors (EMFILE), which would report healthy files as unreadable.
 */
const OPEN_FILES = 256;

/** Like Promise.all over items.map(work), with at most `limit` pieces of work in flight. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

async function readBytes(path: string): Promise<Uint8Array | string> {
  try {
    return await readFile(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

function unreadableProblem(file: string, code: string): ContentProblem {
  return {
    file,
    field: "",
    message: `expected a readable file, found one that cannot be read (${code})`,
    fix: "check the file's permissions, or remove it from content/",
  };
}

function symlinkProblem(file: string): ContentProblem {
  return {
    file,
    field: "",
    message: "expected a real file or folder, found a symbolic link",
    fix: "replace the link with the file itself; links are not followed because they can point outside content/",
  };
}

function utf8Problem(file: string, bytes: Uint8Array): ContentProblem {
  const line = firstInvalidLine(bytes);
  return {
    file,
    field: "",
    ...(line === undefined ? {} : { line }),
    message: "expected UTF-8 text, found bytes that are not valid UTF-8",
    fix: "save the file with UTF-8 encoding (and check the characters on this line)",
  };
}

/** The 1-based line holding the first byte sequence that is not UTF-8. */
function firstInvalidLine(bytes: Uint8Array): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (decodeUtf8(bytes.subarray(start, stop)) === undefined) return line;
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) => compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compare(a.field, b.field),
  );
}
