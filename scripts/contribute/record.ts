// One line of the import format (docs/design.md, "Import format"): from text to a
// canonical version, or a reason a person can act on. Validation reuses the
// content schema's field types, so a line is accepted exactly when the version
// it becomes would pass `npm run check`.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  NAME_PATTERN,
  PROVENANCE_FIELDS,
  Timestamp,
  VersionSchema,
  WebUrl,
} from "../load/schema.ts";
import type { VersionFrontmatter } from "../load/schema.ts";
import { nameProblem } from "../load/names.ts";
import { normaliseLine, normaliseParagraphs } from "../load/text.ts";

/** A line that passed validation, in the form it will be stored. */
export interface Incoming {
  /** 1-based line number in the input. */
  line: number;
  url: string;
  source: string;
  /** Canonical: text normalised, body as paragraphs joined by a blank line. */
  version: VersionFrontmatter;
  /** Hash of the text fields as the line wrote them, to tell "same text" from "same after normalising". */
  raw: string;
}

export type ParsedRecord =
  { ok: true; record: Incoming; ignored: string[] } | { ok: false; reason: string };

const KNOWN_FIELDS = [
  "url",
  "source",
  "captured_at",
  "headline",
  "body",
  "paragraphs",
  "byline",
  "standfirst",
  "archive_url",
  ...PROVENANCE_FIELDS,
] as const;

/** Optional fields a scraper may send as null or "" when it found nothing. */
const OPTIONAL_TEXT = ["byline", "standfirst", "archive_url"] as const;

// z.object, not the version's strict object: fields outside the format are ignored (and reported).
const RecordSchema = z.object({
  fetched_url: VersionSchema.shape.fetched_url,
  final_url: VersionSchema.shape.final_url,
  http_status: VersionSchema.shape.http_status,
  fetched_at: VersionSchema.shape.fetched_at,
  raw_sha256: VersionSchema.shape.raw_sha256,
  extractor: VersionSchema.shape.extractor,
  extractor_version: VersionSchema.shape.extractor_version,
  extraction_change: VersionSchema.shape.extraction_change,
  url: WebUrl,
  source: z.string().regex(NAME_PATTERN, {
    message: "expected a source key of lower-case letters, digits and single hyphens",
  }),
  captured_at: Timestamp,
  headline: VersionSchema.shape.headline,
  byline: VersionSchema.shape.byline,
  standfirst: VersionSchema.shape.standfirst,
  archive_url: VersionSchema.shape.archive_url,
  body: z.string({ message: "expected text (a string)" }).optional(),
  paragraphs: z
    .array(z.string({ message: "expected text (a string)" }), {
      message: "expected a list of paragraph strings",
    })
    .optional(),
});

/** Which sources' versions may have no body (headlines-only sources); by default none. */
export type NoBodyAllowed = (source: string) => boolean;

/** Parses and validates one line of JSON. `line` is 1-based. */
export function parseLine(text: string, line: number, noBody?: NoBodyAllowed): ParsedRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: `not valid JSON (${(error as Error).message}); each line must be one complete JSON object`,
    };
  }
  return parseRecord(data, line, noBody);
}

/** Validates one record (already parsed from JSON, or built from command-line options). */
export function parseRecord(data: unknown, line: number, noBody?: NoBodyAllowed): ParsedRecord {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return {
      ok: false,
      reason: `expected a JSON object with url, source, captured_at, headline and body, found ${data === null ? "null" : Array.isArray(data) ? "a list" : `a ${typeof data}`}`,
    };
  }
  const fields: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const key of OPTIONAL_TEXT) {
    const value = fields[key];
    if (value === null || (typeof value === "string" && value.trim() === "")) delete fields[key];
  }
  const ignored = Object.keys(fields).filter(
    (key) => !(KNOWN_FIELDS as readonly string[]).includes(key),
  );

  const result = RecordSchema.safeParse(fields);
  if (!result.success) {
    const reasons = result.error.issues.map((issue) => {
      const field = issue.path.map(String).join(".");
      const value = issue.path.reduce<unknown>(
        (at, key) =>
          at !== null && typeof at === "object"
            ? (at as Record<PropertyKey, unknown>)[key]
            : undefined,
        fields,
      );
      if (value === undefined) return `missing the required field "${field}"`;
      return `"${field}": ${issue.message}, found ${preview(value)}`;
    });
    return { ok: false, reason: reasons.join("; ") };
  }
  const record = result.data;

  const reserved = nameProblem(record.source, "source");
  if (reserved) return { ok: false, reason: `"source": ${reserved.message}; ${reserved.fix}` };

  let paragraphs: string[];
  if (record.body !== undefined && record.paragraphs !== undefined) {
    return {
      ok: false,
      reason: 'found both "body" and "paragraphs"; send the text once, in one of them',
    };
  } else if (record.body !== undefined) {
    paragraphs = normaliseParagraphs(record.body);
  } else if (record.paragraphs !== undefined) {
    // Each list item is one paragraph, even if it contains line breaks.
    paragraphs = record.paragraphs.map(normaliseLine).filter((paragraph) => paragraph !== "");
  } else if (noBody?.(record.source)) {
    paragraphs = [];
  } else {
    return {
      ok: false,
      reason: 'missing the text: add "body" (a string) or "paragraphs" (a list)',
    };
  }
  // A headlines-only source's versions may have no body: the headline is the text.
  if (paragraphs.length === 0 && !noBody?.(record.source)) {
    return {
      ok: false,
      reason: `the ${record.body !== undefined ? '"body"' : '"paragraphs"'} is empty (no text once whitespace is removed); a capture without text is usually a failed scrape, so it is not stored`,
    };
  }

  const version: VersionFrontmatter = {
    captured_at: record.captured_at,
    headline: normaliseLine(record.headline),
    ...(record.byline === undefined ? {} : { byline: normaliseLine(record.byline) }),
    ...(record.standfirst === undefined ? {} : { standfirst: normaliseLine(record.standfirst) }),
    ...(record.archive_url === undefined ? {} : { archive_url: record.archive_url }),
    ...Object.fromEntries(
      PROVENANCE_FIELDS.filter((field) => record[field] !== undefined).map((field) => [
        field,
        record[field],
      ]),
    ),
    ...(paragraphs.length === 0 ? {} : { body: paragraphs.join("\n\n") }),
  };
  const raw = rawKey([
    record.headline,
    record.byline,
    record.standfirst,
    record.archive_url,
    record.body ?? record.paragraphs?.join("\n\n"),
  ]);
  return {
    ok: true,
    record: { line, url: record.url, source: record.source, version, raw },
    ignored,
  };
}

/** The text fields of a stored version in the same shape as Incoming.raw. */
export function rawOf(version: VersionFrontmatter): string {
  return rawKey([
    version.headline,
    version.byline,
    version.standfirst,
    version.archive_url,
    version.body,
  ]);
}

function rawKey(fields: readonly (string | undefined)[]): string {
  const json = JSON.stringify(fields.map((field) => field ?? null));
  return createHash("sha256").update(json).digest("base64");
}

/** A short, terminal-safe rendering of a value for messages. */
export function preview(value: unknown, max = 60): string {
  const cut = (text: string): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  if (typeof value === "string") return JSON.stringify(cut(value));
  // JSON escapes control characters, so the result is always one safe line.
  return cut(JSON.stringify(value) ?? String(value));
}
