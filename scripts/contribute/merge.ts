// Where incoming captures go in an article's history. History is append-only:
// version numbers are permanent (they are in page URLs and corrections), so a
// capture may only go after the latest stored version. Captures that arrive in
// the same import as a new article are sorted by time first.
import { createHash } from "node:crypto";
import type { VersionFrontmatter } from "../load/schema.ts";
import { normaliseLine, normaliseParagraphs } from "../load/text.ts";
import { rawOf } from "./record.ts";
import type { Incoming } from "./record.ts";

export type Outcome =
  | { line: number; kind: "created" | "appended"; version: number }
  | { line: number; kind: "skipped" | "refused"; reason: string };

export interface Merged {
  /** Stored versions followed by the accepted ones, oldest first. */
  versions: VersionFrontmatter[];
  /** One outcome per incoming line, in the order of the lines. */
  outcomes: Outcome[];
}

/**
 * Merges captures into an article's stored history (empty for a new article).
 * Each capture, taken in time order (ties by line), is:
 * - skipped when a version with the same instant and the same text exists;
 * - refused when a version with the same instant has different text;
 * - skipped when its text equals the version just before it in time (a
 *   re-capture, or a change only in whitespace or Unicode form);
 * - refused when it is older than the latest stored version (it would shift
 *   the numbers of the versions after it);
 * - otherwise appended.
 */
export function mergeVersions(
  stored: readonly VersionFrontmatter[],
  incoming: readonly Incoming[],
): Merged {
  const versions = [...stored];
  // The import line that added each version, for "same as line N" reasons.
  const addedBy = new Map<number, number>();
  const outcomes: Outcome[] = [];
  const sorted = [...incoming].sort(
    (a, b) =>
      Date.parse(a.version.captured_at) - Date.parse(b.version.captured_at) || a.line - b.line,
  );
  for (const capture of sorted) {
    const time = Date.parse(capture.version.captured_at);
    const key = contentKey(capture.version);
    const name = (index: number): string => {
      const line = addedBy.get(index);
      return `version ${index + 1}${line === undefined ? "" : ` (from line ${line})`}`;
    };

    const sameTime = versions.findIndex((version) => Date.parse(version.captured_at) === time);
    if (sameTime !== -1) {
      const existing = versions[sameTime] as VersionFrontmatter;
      outcomes.push(
        contentKey(existing) === key
          ? {
              line: capture.line,
              kind: "skipped",
              reason: `already stored: identical to ${name(sameTime)}, captured at ${existing.captured_at}`,
            }
          : {
              line: capture.line,
              kind: "refused",
              reason: `${name(sameTime)} has the same capture time (${existing.captured_at}) but different text; two captures of one article cannot share a time, so correct the time if both are real`,
            },
      );
      continue;
    }

    let before = -1;
    for (let index = 0; index < versions.length; index++) {
      if (Date.parse((versions[index] as VersionFrontmatter).captured_at) < time) before = index;
    }
    const previous = versions[before];
    if (previous !== undefined && contentKey(previous) === key) {
      outcomes.push({
        line: capture.line,
        kind: "skipped",
        reason:
          rawOf(previous) === capture.raw
            ? `no change: same text as ${name(before)}, the version before it`
            : `no change after normalising whitespace: differs from ${name(before)}, the version before it, only in spacing or Unicode form`,
      });
      continue;
    }

    const latest = versions[versions.length - 1];
    if (latest !== undefined && before !== versions.length - 1) {
      outcomes.push({
        line: capture.line,
        kind: "refused",
        reason: `captured at ${capture.version.captured_at}, before the latest stored version (${name(versions.length - 1)}, ${latest.captured_at}); history is append-only, and inserting an older capture would renumber the versions after it`,
      });
      continue;
    }

    versions.push(capture.version);
    addedBy.set(versions.length - 1, capture.line);
    outcomes.push({
      line: capture.line,
      kind: versions.length === 1 ? "created" : "appended",
      version: versions.length,
    });
  }
  outcomes.sort((a, b) => a.line - b.line);
  return { versions, outcomes };
}

/**
 * Equal for two versions exactly when a reader would see no difference; the
 * same fields the loader compares when it refuses a version identical to the
 * one before it.
 */
export function contentKey(version: VersionFrontmatter): string {
  let key = keys.get(version);
  if (key === undefined) {
    key = createHash("sha256").update(contentText(version)).digest("base64");
    keys.set(version, key);
  }
  return key;
}

// Bodies run to tens of kilobytes: normalise each version once, compare hashes.
const keys = new WeakMap<VersionFrontmatter, string>();

function contentText(version: VersionFrontmatter): string {
  const line = (value: string | undefined): string | null =>
    value === undefined ? null : normaliseLine(value);
  return JSON.stringify([
    normaliseLine(version.headline),
    line(version.byline),
    line(version.standfirst),
    version.archive_url?.trim() ?? null,
    version.body === undefined ? [] : normaliseParagraphs(version.body),
  ]);
}
