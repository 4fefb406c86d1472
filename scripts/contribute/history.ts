// The append-only rule, as pure comparisons of a file before and after a change.
// History may grow (new versions at the end, new articles, new sources,
// new corrections entries); what readers were shown may not be rewritten,
// except by an edit that the same change records in `corrections`.
import { parseArticleText } from "../load/parse.ts";
import { formatPath, lineOfPath, parseYaml } from "../load/yaml.ts";
import type { PathSegment } from "../load/yaml.ts";
import { normaliseLine, normaliseParagraphs } from "../load/text.ts";
import type { ContentProblem } from "../load/types.ts";
import { VERSION_FIELDS, type VersionField } from "../load/schema.ts";
import { urlKey } from "./files.ts";
import { preview } from "./record.ts";

export { VERSION_FIELDS, type VersionField };

export interface CompareContext {
  /** The git ref compared with, as the person typed it (for messages). */
  ref: string;
  /** A timestamp to suggest for a corrections entry's date. */
  now: string;
}

export interface ArticleChange {
  problems: ContentProblem[];
  /** Versions added at the end. */
  appended: number;
  /** Version fields changed with a matching new corrections entry. */
  corrected: number;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Compares one article file at the base with the same path now. `baseText`
 * and `headText` are whole files; `file` is the path shown to people. Files
 * whose YAML cannot be read are left to the ordinary validation.
 */
export function compareArticle(
  file: string,
  baseText: string,
  headText: string,
  context: CompareContext,
): ArticleChange {
  const base = parseArticleText(file, baseText).yaml;
  const head = parseArticleText(file, headText).yaml;
  const none: ArticleChange = { problems: [], appended: 0, corrected: 0 };
  if (!isFields(base?.data) || !head || !isFields(head.data)) return none;
  const baseData = base.data;
  const headData = head.data;
  const problems: ContentProblem[] = [];
  const at = (path: PathSegment[], message: string, fix: string): ContentProblem => {
    const line = lineOfPath(head.source, path);
    return { file, field: formatPath(path), message, fix, ...(line === undefined ? {} : { line }) };
  };

  if (
    typeof baseData.url === "string" &&
    (typeof headData.url !== "string" || urlKey(baseData.url) !== urlKey(headData.url))
  ) {
    problems.push(
      at(
        ["url"],
        `expected the URL it has at ${context.ref}, ${preview(baseData.url, 200)}, found ${headData.url === undefined ? "none" : preview(headData.url, 200)}`,
        "restore it: the URL identifies the article. If the page moved to a new address, keep the old URL here (the new address becomes a new article when its captures are imported)",
      ),
    );
  }

  // Corrections are part of the record too: entries may be added, not changed.
  const baseCorrections = Array.isArray(baseData.corrections) ? baseData.corrections : [];
  const headCorrections = Array.isArray(headData.corrections) ? headData.corrections : [];
  baseCorrections.forEach((entry: unknown, index) => {
    if (index >= headCorrections.length) {
      problems.push(
        at(
          ["corrections"],
          `expected corrections[${index}] from ${context.ref} to stay, found it deleted`,
          "restore it: corrections record what was fixed and why, and are shown on the article page",
        ),
      );
    } else if (JSON.stringify(entry) !== JSON.stringify(headCorrections[index])) {
      problems.push(
        at(
          ["corrections", index],
          `expected corrections[${index}] as it was at ${context.ref}, found it changed`,
          "restore it and add a new corrections entry after the existing ones instead",
        ),
      );
    }
  });
  // Events (gone, redirected, back) are append-only in the same way.
  const baseEvents = Array.isArray(baseData.events) ? baseData.events : [];
  const headEvents = Array.isArray(headData.events) ? headData.events : [];
  baseEvents.forEach((entry: unknown, index) => {
    if (JSON.stringify(entry) === JSON.stringify(headEvents[index])) return;
    problems.push(
      at(
        index >= headEvents.length ? ["events"] : ["events", index],
        `expected events[${index}] as it was at ${context.ref}, found it ${index >= headEvents.length ? "deleted" : "changed"}`,
        "restore it: events record what happened to the page and are shown on the article page; add new ones after it",
      ),
    );
  });
  const newCorrections = headCorrections.slice(baseCorrections.length).filter(isFields);
  const corrects = (version: number, field: VersionField): boolean =>
    newCorrections.some(
      (entry) =>
        entry.version === version && Array.isArray(entry.fields) && entry.fields.includes(field),
    );

  const before = Array.isArray(baseData.versions) ? baseData.versions : [];
  const after = Array.isArray(headData.versions) ? headData.versions : [];
  let appended = Math.max(0, after.length - before.length);
  let corrected = 0;

  const inserted = insertedPositions(before, after);
  const deleted = inserted ? undefined : deletedPositions(before, after);
  if (inserted) {
    for (const { index, beforeVersion } of inserted) {
      problems.push(
        at(
          ["versions", index],
          `expected new versions only after the last one, found a version (captured ${describeTime(after[index])}) inserted before version ${beforeVersion}, which would renumber the versions after it`,
          "history is append-only: remove it, or add it after the latest version if it was captured later; a capture older than the latest version cannot be added",
        ),
      );
    }
    appended = after.length - before.length - inserted.length;
  } else if (deleted) {
    for (const index of deleted) {
      problems.push(
        at(
          ["versions"],
          `expected version ${index + 1} (captured ${describeTime(before[index])}) from ${context.ref}, found it deleted`,
          `restore it: versions are never deleted. If its text was captured wrongly, correct its fields instead and record the fix under corrections`,
        ),
      );
    }
    appended = 0;
  } else {
    before.forEach((old: unknown, index) => {
      const now = after[index];
      if (now === undefined) {
        problems.push(
          at(
            ["versions"],
            `expected version ${index + 1} (captured ${describeTime(old)}) from ${context.ref}, found it deleted`,
            "restore it: versions are never deleted. If its text was captured wrongly, correct its fields instead and record the fix under corrections",
          ),
        );
        return;
      }
      for (const field of VERSION_FIELDS) {
        const was = fieldOf(old, field);
        const is = fieldOf(now, field);
        if (comparable(field, was) === comparable(field, is)) continue;
        if (corrects(index + 1, field)) {
          corrected++;
          continue;
        }
        const partial = newCorrections.find((entry) => entry.version === index + 1);
        problems.push(
          at(
            ["versions", index, field],
            `expected version ${index + 1} to stay as it was at ${context.ref}, found its ${field} changed: ${describeChange(field, was, is)}`,
            partial
              ? `the new corrections entry for version ${index + 1} does not name "${field}": add it to its fields, or restore the old value`
              : `history is append-only: restore the old value. If the archived ${field} was wrong, keep the fix and record it by adding to the article: corrections: [{ date: "${context.now}", version: ${index + 1}, fields: ["${field}"], reason: "what was wrong and how it was checked" }]`,
          ),
        );
      }
    });
  }
  return { problems, appended, corrected };
}

/** Keys removed from sources.yaml: a source's key is the folder and URL segment of all its articles. */
export function compareSources(
  file: string,
  baseText: string,
  headText: string | undefined,
  context: CompareContext,
): ContentProblem[] {
  const base = parseYaml(file, baseText).data;
  if (!isFields(base)) return [];
  const head = headText === undefined ? undefined : parseYaml(file, headText);
  if (head !== undefined && !isFields(head.data)) return [];
  const headData = (head?.data ?? {}) as Fields;
  return Object.keys(base)
    .filter((key) => !(key in headData))
    .map((key) => ({
      file,
      field: key,
      message: `expected the source "${key}" from ${context.ref}, found its entry removed`,
      fix: `restore the entry: "${key}" is the folder and site address of its articles. To change how the source is shown, edit its name instead`,
    }));
}

/**
 * When `after` is `before` with versions inserted somewhere other than the
 * end: each inserted position and the number of the version it went before.
 * Undefined when that is not what happened.
 */
function insertedPositions(
  before: readonly unknown[],
  after: readonly unknown[],
): { index: number; beforeVersion: number }[] | undefined {
  if (after.length <= before.length) return undefined;
  const matched = matchSubsequence(before, after);
  if (!matched) return undefined;
  const last = matched[matched.length - 1] ?? -1;
  const inserted: { index: number; beforeVersion: number }[] = [];
  let next = 0;
  for (let index = 0; index <= last; index++) {
    if (matched[next] === index) next++;
    else inserted.push({ index, beforeVersion: next + 1 });
  }
  return inserted.length > 0 ? inserted : undefined;
}

/** When `after` is `before` with some versions removed: the removed indexes. */
function deletedPositions(
  before: readonly unknown[],
  after: readonly unknown[],
): number[] | undefined {
  if (after.length >= before.length) return undefined;
  const matched = matchSubsequence(after, before);
  if (!matched) return undefined;
  return before.map((_, index) => index).filter((index) => !matched.includes(index));
}

/** Positions in `long` of the items of `short`, in order, matched greedily; undefined if not all match. */
function matchSubsequence(
  short: readonly unknown[],
  long: readonly unknown[],
): number[] | undefined {
  const positions: number[] = [];
  let from = 0;
  for (const item of short) {
    const key = versionKey(item);
    let found = -1;
    for (let index = from; index < long.length; index++) {
      if (versionKey(long[index]) === key) {
        found = index;
        break;
      }
    }
    if (found === -1) return undefined;
    positions.push(found);
    from = found + 1;
  }
  return positions;
}

function versionKey(version: unknown): string {
  return JSON.stringify(VERSION_FIELDS.map((field) => comparable(field, fieldOf(version, field))));
}

function fieldOf(version: unknown, field: VersionField): unknown {
  return isFields(version) ? version[field] : undefined;
}

/**
 * Values compared as readers see them: a change in spacing or line wrapping
 * (as canonical rewriting may make) is not an edit; any visible change is.
 */
function comparable(field: VersionField, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return JSON.stringify(value);
  if (field === "body") return JSON.stringify(normaliseParagraphs(value));
  if (field === "captured_at" || field === "archive_url") return JSON.stringify(value.trim());
  return JSON.stringify(normaliseLine(value));
}

function describeTime(version: unknown): string {
  const time = fieldOf(version, "captured_at");
  return typeof time === "string" ? time : "at an unknown time";
}

function describeChange(field: VersionField, was: unknown, is: unknown): string {
  if (is === undefined || is === null) return `it was ${preview(was)}, now it is removed`;
  if (was === undefined || was === null) return `it was absent, now it is ${preview(is)}`;
  if (field !== "body" || typeof was !== "string" || typeof is !== "string") {
    return `it was ${preview(was)}, now it is ${preview(is)}`;
  }
  const old = normaliseParagraphs(was);
  const now = normaliseParagraphs(is);
  let index = 0;
  while (index < old.length && index < now.length && old[index] === now[index]) index++;
  const a = old[index];
  const b = now[index];
  if (a === undefined) return `paragraph ${index + 1} was added: ${preview(b)}`;
  if (b === undefined) return `paragraph ${index + 1} was removed: ${preview(a)}`;
  let offset = 0;
  while (offset < a.length && a[offset] === b[offset]) offset++;
  const start = Math.max(0, offset - 20);
  const excerpt = (text: string): string => `${start > 0 ? "…" : ""}${text.slice(start)}`;
  return `paragraph ${index + 1} was ${preview(excerpt(a))}, now it is ${preview(excerpt(b))}`;
}
