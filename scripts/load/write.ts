// The canonical writer for content files. Everything that writes content
// (import, add-version) goes through here, so files differ only where their
// data differs: fixed key order, every string double-quoted (no YAML type
// guessing on reading back), bodies as literal blocks, no line wrapping.
import { Document, isMap, isScalar, isSeq, Scalar } from "yaml";
import type { ToStringOptions } from "yaml";
import { normaliseNote } from "./parse.ts";
import {
  EVENT_FIELDS,
  VERSION_FIELDS,
  type ArticleFrontmatter,
  type SourceDescription,
} from "./schema.ts";

const YAML_OPTIONS: ToStringOptions = {
  defaultStringType: "QUOTE_DOUBLE",
  defaultKeyType: "PLAIN",
  // 0: never fold long strings; a wrapped headline would be a noisy diff.
  lineWidth: 0,
  indentSeq: true,
};

const VERSION_KEYS = VERSION_FIELDS;
const CORRECTION_KEYS = ["date", "version", "fields", "reason"] as const;
const EVENT_KEYS = EVENT_FIELDS;
const SOURCE_KEYS = ["name", "homepage", "language", "description", "notices", "capture"] as const;
const CAPTURE_KEYS = [
  "feeds",
  "sitemaps",
  "headlines_only",
  "extract",
  "interval_minutes",
  "backoff",
  "max_interval_minutes",
  "stop_after_days",
  "user_agent",
  "delay_seconds",
  "block_patterns",
] as const;
const EXTRACT_KEYS = [
  "headline",
  "byline",
  "standfirst",
  "body",
  "remove",
  "remove_patterns",
] as const;

/**
 * Writes an article file: frontmatter in canonical form, then the editor's
 * note (if any) after a blank line. Values are written as given; the body
 * round-trips exactly when it is normalised paragraphs joined by "\n\n".
 */
export function serializeArticle(frontmatter: ArticleFrontmatter, note?: string): string {
  const data: Record<string, unknown> = {
    url: frontmatter.url,
    tracking: frontmatter.tracking,
    versions: frontmatter.versions.map((version) => pick(version, VERSION_KEYS)),
  };
  if (frontmatter.corrections !== undefined) {
    data.corrections = frontmatter.corrections.map((correction) =>
      pick(correction, CORRECTION_KEYS),
    );
  }
  if (frontmatter.events !== undefined && frontmatter.events.length > 0) {
    data.events = frontmatter.events.map((event) => pick(event, EVENT_KEYS));
  }
  const doc = new Document(data);
  const versions = doc.get("versions", true);
  if (isSeq(versions)) {
    for (const version of versions.items) {
      if (!isMap(version)) continue;
      const body = version.get("body", true);
      // yaml picks the chomping indicator (|- or |) that reproduces the string exactly.
      if (isScalar(body)) body.type = Scalar.BLOCK_LITERAL;
    }
  }
  const text = normaliseNote(note);
  return `---\n${doc.toString(YAML_OPTIONS)}---\n${text === undefined ? "" : `\n${text}\n`}`;
}

/** Writes content/sources.yaml: sources sorted by key, fields in schema order. */
export function serializeSources(sources: Readonly<Record<string, SourceDescription>>): string {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(sources).sort()) {
    const source = sources[key];
    if (!source) continue;
    const entry = pick(source, SOURCE_KEYS);
    if (source.capture !== undefined) {
      const capture = pick(source.capture, CAPTURE_KEYS);
      if (source.capture.extract !== undefined) {
        capture.extract = pick(source.capture.extract, EXTRACT_KEYS);
      }
      entry.capture = capture;
    }
    data[key] = entry;
  }
  return new Document(data).toString(YAML_OPTIONS);
}

/** The listed keys in the listed order, leaving out absent ones. */
function pick<T extends object>(value: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out;
}
