// Checks that need more than one field: history order, noise versions,
// corrections that point at versions, and URLs shared between files.
// The per-file checks read the raw data defensively so they still run (and
// report) when some other field of the same file is broken.
import { Timestamp } from "./schema.ts";
import { normaliseLine, normaliseParagraphs } from "./text.ts";
import type { Article, ContentProblem } from "./types.ts";
import type { PathSegment } from "./yaml.ts";

export interface Finding {
  path: PathSegment[];
  message: string;
  fix: string;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function checkHistory(data: unknown): Finding[] {
  if (!isFields(data) || !Array.isArray(data.versions)) return [];
  const versions: unknown[] = data.versions;
  return [
    ...checkOrder(versions),
    ...checkNoise(versions),
    ...checkCorrections(data.corrections, versions.length),
  ];
}

/** captured_at must increase strictly, compared as instants ("10:00+01:00" is before "09:30Z"). */
function checkOrder(versions: unknown[]): Finding[] {
  const findings: Finding[] = [];
  let previous: { index: number; written: string; time: number } | undefined;
  versions.forEach((version, index) => {
    const written = isFields(version) ? version.captured_at : undefined;
    if (typeof written !== "string" || !Timestamp.safeParse(written).success) return;
    const time = Date.parse(written);
    if (Number.isNaN(time)) return;
    if (previous && time <= previous.time) {
      const same = time === previous.time;
      findings.push({
        path: ["versions", index, "captured_at"],
        message: `expected a time after versions[${previous.index}] (${previous.written}), found ${JSON.stringify(written)}, ${same ? "the same moment" : "which is earlier"}`,
        fix: same
          ? "if both are the same capture, delete one; otherwise correct the time"
          : "versions are listed oldest first: move this version above the earlier one, or correct its time",
      });
    }
    previous = { index, written, time };
  });
  return findings;
}

/** A version that changes nothing readers can see is noise (usually a re-scrape). */
function checkNoise(versions: unknown[]): Finding[] {
  const findings: Finding[] = [];
  const seen = versions.map(visible);
  for (let index = 1; index < versions.length; index++) {
    const before = seen[index - 1];
    const after = seen[index];
    if (before && after && sameVisible(before, after)) {
      findings.push({
        path: ["versions", index],
        message: `expected a change from versions[${index - 1}], found the same headline, byline, standfirst, archive_url and text`,
        fix: "this version is noise; delete it",
      });
    }
  }
  return findings;
}

/** What readers see of a version, normalised; undefined when it is too broken to compare. */
function visible(version: unknown): { fields: unknown[]; paragraphs: string[] } | undefined {
  if (!isFields(version)) return undefined;
  const { headline, byline, standfirst, archive_url: archiveUrl, body } = version;
  if (typeof headline !== "string" || (body !== undefined && typeof body !== "string")) {
    return undefined;
  }
  const line = (value: unknown): unknown =>
    typeof value === "string" ? normaliseLine(value) : value;
  return {
    fields: [
      line(headline),
      line(byline),
      line(standfirst),
      typeof archiveUrl === "string" ? archiveUrl.trim() : archiveUrl,
    ],
    paragraphs: typeof body === "string" ? normaliseParagraphs(body) : [],
  };
}

function sameVisible(
  a: { fields: unknown[]; paragraphs: string[] },
  b: { fields: unknown[]; paragraphs: string[] },
): boolean {
  return (
    a.fields.every((field, i) => field === b.fields[i]) &&
    a.paragraphs.length === b.paragraphs.length &&
    a.paragraphs.every((paragraph, i) => paragraph === b.paragraphs[i])
  );
}

function checkCorrections(corrections: unknown, versionCount: number): Finding[] {
  if (!Array.isArray(corrections)) return [];
  const findings: Finding[] = [];
  corrections.forEach((correction: unknown, index) => {
    const version = isFields(correction) ? correction.version : undefined;
    if (typeof version === "number" && Number.isInteger(version) && version > versionCount) {
      findings.push({
        path: ["corrections", index, "version"],
        message: `expected a version number from 1 to ${versionCount}, found ${version}`,
        fix: "use the 1-based number of the version that was corrected",
      });
    }
  });
  return findings;
}

/**
 * Checks across files: an article's URL identifies it, so two files with the
 * same URL would split one article's history in two. Both files are named.
 */
export function checkArchive(articles: readonly Pick<Article, "url" | "file">[]): ContentProblem[] {
  const byUrl = new Map<string, Pick<Article, "url" | "file">[]>();
  for (const article of articles) {
    const key = urlKey(article.url);
    byUrl.set(key, [...(byUrl.get(key) ?? []), article]);
  }
  const problems: ContentProblem[] = [];
  for (const group of byUrl.values()) {
    if (group.length < 2) continue;
    for (const article of group) {
      const others = group.filter((other) => other !== article).map((other) => other.file);
      problems.push({
        file: article.file,
        field: "url",
        message: `expected a URL no other article has, found ${JSON.stringify(article.url)}, also the URL of ${others.join(", ")}`,
        fix: "keep one file per article: move the versions of one file into the other and delete it",
      });
    }
  }
  return problems;
}

/** URLs that differ only in how they were typed (host case, default port) are the same page. */
function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
