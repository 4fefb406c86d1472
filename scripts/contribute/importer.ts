// Bulk import: stream JSON lines, group them by article, merge each article's
// captures into its history, and write the files in canonical form.
//
// Memory stays bounded by one article: validated lines are spooled to one
// temporary file per article while reading, and articles are then merged and
// written one at a time.
import { appendFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { parseArticleFrontmatter } from "../load/article.ts";
import { SOURCES_FILE } from "../load/load.ts";
import { checkHistory } from "../load/checks.ts";
import { ArticleSchema, HeadlineArticleSchema, isHeadlinesOnly } from "../load/schema.ts";
import type { ArticleFrontmatter, SourceDescription } from "../load/schema.ts";
import { parseSourcesFile } from "../load/sources.ts";
import { decodeUtf8 } from "../load/text.ts";
import { serializeArticle, serializeSources } from "../load/write.ts";
import { writeFileAtomic } from "../files/atomic.ts";
import { indexArchive, urlKey } from "./files.ts";
import type { ArchiveIndex } from "./files.ts";
import { mergeVersions } from "./merge.ts";
import type { Outcome } from "./merge.ts";
import { parseLine } from "./record.ts";
import type { Incoming } from "./record.ts";
import { chooseSlug } from "./slug.ts";

export interface ImportOptions {
  contentDir: string;
  /** Language of a source this import creates (default "en"). */
  language?: string;
  /** Paths in the report are relative to this folder (default: the working directory). */
  root?: string;
  /** Called every so often with what has been done, for a progress display. */
  onProgress?: (progress: Progress) => void;
  /** How many lines between progress calls while reading (default 500). */
  progressEvery?: number;
}

export type Progress =
  { phase: "reading"; lines: number } | { phase: "writing"; articles: number; of: number };

export interface LineNote {
  line: number;
  reason: string;
}

export interface WrittenFile {
  file: string;
  kind: "created" | "updated";
  /** Versions this import added to the file. */
  added: number;
  /** Versions in the file now. */
  versions: number;
}

export interface ImportReport {
  lines: number;
  /** Lines that created an article (its first version). */
  created: number;
  /** Lines appended as a further version. */
  appended: number;
  skipped: LineNote[];
  refused: LineNote[];
  files: WrittenFile[];
  /** Source keys given a stub entry in sources.yaml. */
  newSources: string[];
  /** Things the contributor should look at that did not stop the import. */
  warnings: string[];
  /** Fields outside the import format, which were ignored: name → lines. */
  ignoredFields: Map<string, number[]>;
}

interface Group {
  spool: string;
  firstLine: number;
}

export async function importLines(
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const root = options.root ?? process.cwd();
  const show = (path: string): string => relative(root, path).split(sep).join("/");
  const report: ImportReport = {
    lines: 0,
    created: 0,
    appended: 0,
    skipped: [],
    refused: [],
    files: [],
    newSources: [],
    warnings: [],
    ignoredFields: new Map(),
  };
  const sources = await readSources(options.contentDir, show);
  const index = await indexArchive(options.contentDir);
  const spoolDir = await mkdtemp(join(tmpdir(), "diff-archive-import-"));
  try {
    const groups = await spoolLines(lines, spoolDir, report, options, sources);
    const ordered = [...groups.values()].sort((a, b) => a.firstLine - b.firstLine);
    let done = 0;
    for (const group of ordered) {
      const incoming = (await readFile(group.spool, "utf8"))
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Incoming);
      await importArticle(incoming, { options, index, sources, report, show });
      await rm(group.spool);
      done++;
      if (done % 50 === 0 || done === ordered.length) {
        options.onProgress?.({ phase: "writing", articles: done, of: ordered.length });
      }
    }
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
  report.skipped.sort((a, b) => a.line - b.line);
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

async function spoolLines(
  lines: AsyncIterable<string>,
  spoolDir: string,
  report: ImportReport,
  options: ImportOptions,
  sources: SourcesFile,
): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  const every = options.progressEvery ?? 500;
  for await (const text of lines) {
    const line = ++report.lines;
    if (line % every === 0) options.onProgress?.({ phase: "reading", lines: line });
    if (text.trim() === "") {
      report.skipped.push({ line, reason: "blank line" });
      continue;
    }
    const parsed = parseLine(text, line, noBodyAllowed(sources));
    if (!parsed.ok) {
      report.refused.push({ line, reason: parsed.reason });
      continue;
    }
    for (const field of parsed.ignored) {
      report.ignoredFields.set(field, [...(report.ignoredFields.get(field) ?? []), line]);
    }
    const key = urlKey(parsed.record.url);
    let group = groups.get(key);
    if (!group) {
      group = { spool: join(spoolDir, `${groups.size}.jsonl`), firstLine: line };
      groups.set(key, group);
    }
    await appendFile(group.spool, `${JSON.stringify(parsed.record)}\n`, "utf8");
  }
  if (report.lines % every !== 0) {
    options.onProgress?.({ phase: "reading", lines: report.lines });
  }
  return groups;
}

interface SourcesFile {
  path: string;
  /** The parsed entries, or undefined when the file has problems and must not be rewritten. */
  entries?: Record<string, SourceDescription>;
  /** Why the file cannot be rewritten. */
  problem?: string;
  /** Whether the file on disk is in canonical form (rewriting it changes only what changed). */
  canonical: boolean;
}

async function readSources(
  contentDir: string,
  show: (path: string) => string,
): Promise<SourcesFile> {
  const path = join(contentDir, SOURCES_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { path, entries: {}, canonical: true };
  }
  const text = decodeUtf8(bytes);
  const parsed = text === undefined ? undefined : parseSourcesFile(show(path), text);
  if (text === undefined || !parsed || parsed.problems.length > 0) {
    return {
      path,
      problem: `${show(path)} has problems (run npm run check to see them); fix it before importing a new source`,
      canonical: false,
    };
  }
  const entries: Record<string, SourceDescription> = {};
  for (const { key, ...description } of parsed.sources) entries[key] = description;
  return { path, entries, canonical: serializeSources(entries) === text };
}

/** Versions without a body are accepted only for sources described as headlines-only. */
function noBodyAllowed(sources: SourcesFile): (source: string) => boolean {
  return (source) => isHeadlinesOnly(sources.entries?.[source]);
}

interface Context {
  options: ImportOptions;
  index: ArchiveIndex;
  sources: SourcesFile;
  report: ImportReport;
  show: (path: string) => string;
}

/** Merges one article's lines and writes its file when anything was added. */
async function importArticle(incoming: Incoming[], context: Context): Promise<void> {
  const { index, report, show, options } = context;
  const refuseAll = (lines: readonly Incoming[], reason: string): void => {
    for (const record of lines) report.refused.push({ line: record.line, reason });
  };
  const first = incoming[0];
  if (!first) return;
  const location = index.byUrl.get(urlKey(first.url));

  // The article's source: its folder if it exists, else the earliest capture's.
  const earliest = [...incoming].sort(
    (a, b) =>
      Date.parse(a.version.captured_at) - Date.parse(b.version.captured_at) || a.line - b.line,
  )[0] as Incoming;
  const source = location?.source ?? earliest.source;
  const elsewhere = incoming.filter((record) => record.source !== source);
  refuseAll(
    elsewhere,
    location
      ? `this URL is already archived under the source "${source}" (${show(location.path)}); an article cannot move to another source, so send it with "source": "${source}"`
      : `line ${earliest.line} gives this URL the source "${source}"; one article has one source, so send every capture of it with the same "source"`,
  );
  const lines = incoming.filter((record) => record.source === source);
  if (lines.length === 0) return;

  let stored: ArticleFrontmatter | undefined;
  let note: string | undefined;
  let original: string | undefined;
  if (location) {
    const file = show(location.path);
    original = decodeUtf8(await readFile(location.path));
    const headlinesOnly = noBodyAllowed(context.sources)(source);
    const parsed =
      original === undefined
        ? undefined
        : parseArticleFrontmatter(file, original, { headlinesOnly });
    if (!parsed?.frontmatter) {
      refuseAll(
        lines,
        `${file}, which holds this URL, has problems (run npm run check to see them); fix them first, then import again`,
      );
      return;
    }
    stored = parsed.frontmatter;
    note = parsed.note;
  }

  const merged = mergeVersions(stored?.versions ?? [], lines);
  recordOutcomes(merged.outcomes, report);
  const added = merged.versions.length - (stored?.versions.length ?? 0);
  if (added === 0) return;

  if (!(await ensureSource(source, earliest.url, context))) {
    // Undo the counts: nothing is written for these lines after all.
    for (const outcome of merged.outcomes) {
      if (outcome.kind === "created") report.created--;
      if (outcome.kind === "appended") report.appended--;
    }
    refuseAll(
      merged.outcomes
        .filter((outcome) => outcome.kind === "created" || outcome.kind === "appended")
        .map((outcome) => lines.find((record) => record.line === outcome.line) as Incoming),
      `the source "${source}" is new, but ${context.sources.problem ?? "sources.yaml cannot be updated"}`,
    );
    return;
  }

  const frontmatter: ArticleFrontmatter = {
    url: stored?.url ?? earliest.url,
    tracking: stored?.tracking ?? "active",
    versions: merged.versions,
    ...(stored?.corrections === undefined ? {} : { corrections: stored.corrections }),
    ...(stored?.events === undefined ? {} : { events: stored.events }),
  };
  let path: string;
  if (location) {
    path = location.path;
    if (stored && original !== serializeArticle(stored, note)) {
      report.warnings.push(
        `${show(path)} was not in the canonical form and was rewritten in it, so its diff also shows formatting changes; the existing versions' text is unchanged`,
      );
    }
  } else {
    let slugs = index.slugs.get(source);
    if (!slugs) {
      slugs = new Set();
      index.slugs.set(source, slugs);
    }
    const taken = slugs;
    const slug = chooseSlug(
      earliest.url,
      earliest.version.headline,
      (candidate) => taken.has(candidate),
      context.sources.entries?.[source]?.language ?? options.language,
    );
    slugs.add(slug);
    path = join(options.contentDir, source, `${slug}.md`);
    index.byUrl.set(urlKey(earliest.url), { source, slug, path, url: earliest.url });
  }
  // Never write a file the loader would refuse: a failure here is a bug in this
  // command. (The data is checked rather than the written text: the writer's
  // round trip is tested, and parsing every written file again costs more than
  // the rest of the import.)
  const problems = [
    ...((noBodyAllowed(context.sources)(source) ? HeadlineArticleSchema : ArticleSchema)
      .safeParse(frontmatter)
      .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? []),
    ...checkHistory(frontmatter).map((finding) => `${finding.path.join(".")}: ${finding.message}`),
  ];
  if (problems.length > 0) {
    throw new Error(
      `The import would have written an invalid file ${show(path)} (${problems.join("; ")}), so it was not written. Please report this with input lines ${lines.map((record) => record.line).join(", ")}.`,
    );
  }
  await mkdir(join(options.contentDir, source), { recursive: true });
  await writeFileAtomic(path, serializeArticle(frontmatter, note));
  report.files.push({
    file: show(path),
    kind: location ? "updated" : "created",
    added,
    versions: merged.versions.length,
  });
}

function recordOutcomes(outcomes: readonly Outcome[], report: ImportReport): void {
  for (const outcome of outcomes) {
    if (outcome.kind === "skipped" || outcome.kind === "refused") {
      report[outcome.kind].push({ line: outcome.line, reason: outcome.reason });
    } else {
      report[outcome.kind]++;
    }
  }
}

/**
 * Makes sure sources.yaml describes the source before its first article is
 * written, adding a stub for a new one. False when sources.yaml cannot be updated.
 */
async function ensureSource(source: string, url: string, context: Context): Promise<boolean> {
  const { sources, report, options, show } = context;
  if (sources.entries?.[source] !== undefined) return true;
  if (sources.entries === undefined) return false;
  sources.entries[source] = {
    name: source,
    homepage: `${new URL(url).origin}/`,
    language: options.language ?? "en",
  };
  if (!sources.canonical) {
    report.warnings.push(
      `${show(sources.path)} was not in the canonical form and was rewritten in it, so its diff also shows formatting changes`,
    );
    sources.canonical = true;
  }
  await mkdir(options.contentDir, { recursive: true });
  await writeFileAtomic(sources.path, serializeSources(sources.entries));
  report.newSources.push(source);
  report.warnings.push(
    `new source "${source}": ${show(sources.path)} now has a stub entry (name "${source}", homepage ${sources.entries[source]?.homepage}, language "${sources.entries[source]?.language}"); complete its name, homepage, language and description before opening the pull request`,
  );
  return true;
}
