// The archive as the rest of the pipeline sees it: validated, normalised, typed.
import type { CorrectionFrontmatter, EventFrontmatter, SourceDescription } from "./schema.ts";

export interface Source extends SourceDescription {
  /** Folder name under content/, and the source's URL segment. */
  key: string;
}

export interface Version {
  /** 1-based position in the article's history; stable because history is append-only. */
  number: number;
  /** The timestamp exactly as written in the file (keeps its offset). */
  capturedAt: string;
  /** Milliseconds since the epoch, for ordering and arithmetic. */
  time: number;
  headline: string;
  byline?: string;
  standfirst?: string;
  archiveUrl?: string;
  /** Chain of custody of a captured version (npm run capture); absent for imported ones. */
  fetchedUrl?: string;
  /** Where the request ended after redirects. */
  finalUrl?: string;
  httpStatus?: number;
  /** When the page was fetched, as written. */
  fetchedAt?: string;
  /** SHA-256 (hex) of the response body as received (after content decoding). */
  rawSha256?: string;
  extractor?: string;
  extractorVersion?: string;
  /** True when this version differs from the one before only because extraction changed. */
  extractionChange?: true;
  /**
   * NFC-normalised paragraphs, whitespace inside each folded to single spaces.
   * Empty for a version of a headlines-only source without a body.
   */
  paragraphs: string[];
}

export interface Article {
  /** Source key (the folder the file sits in). */
  source: string;
  /** File name without ".md": the article's permanent URL segment. */
  slug: string;
  /** Path of the file relative to the project root, for messages. */
  file: string;
  url: string;
  tracking: "active" | "stopped";
  /** Editor's note in Markdown (the file's body), if any. Untrusted: render with raw HTML disabled. */
  note?: string;
  corrections: CorrectionFrontmatter[];
  /** Events that are not versions (gone, redirected, back), oldest first; absent when none. */
  events?: EventFrontmatter[];
  /** Oldest first; at least one. */
  versions: Version[];
}

export interface Archive {
  sources: Source[];
  /** Sorted by source, then slug. */
  articles: Article[];
}

/** One problem found in the content, phrased for the person who has to fix it. */
export interface ContentProblem {
  /** File the problem is in, relative to the project root. */
  file: string;
  /** Path of the field, e.g. "versions[2].captured_at"; empty for the whole file. */
  field: string;
  /** What was expected and what was found. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

/** What loading content/ gives: the valid part of the archive and every problem found. */
export interface LoadResult {
  /** Only the articles whose files have no problems (and their sources). */
  archive: Archive;
  /** Every problem in every file; callers fail the build when this is not empty. */
  problems: ContentProblem[];
}
