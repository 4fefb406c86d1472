// Correction and update notices: the sentences an outlet adds when it owns up to a change.
// Pure: a version's text in, the notices it carries out.

import type { Version } from "../load/types.ts";
import { minorKey } from "../diff/normalise.ts";

export type NoticeKind = "correction" | "update" | "clarification" | "editors-note";

export interface Notice {
  kind: NoticeKind;
  /** The sentence that carries the notice, as written. */
  text: string;
  /** 0-based index of the paragraph it stands in; -1 for the standfirst. */
  paragraph: number;
}

/**
 * The English notices every source gets. Each pattern is tried against each sentence;
 * the first that matches decides the kind. Written for sentences, so "Update:" must open one.
 */
export const ENGLISH_NOTICES: readonly { kind: NoticeKind; pattern: RegExp }[] = [
  { kind: "correction", pattern: /^\W*corrections?\s*[:\u2014\u2013-]/iu },
  {
    kind: "correction",
    pattern:
      /\b(?:an?|the)\s+(?:earlier|previous|original)\s+version\s+of\s+this\s+(?:article|story|report|piece)\b/iu,
  },
  {
    kind: "correction",
    pattern: /\bthis\s+(?:article|story|report)\s+(?:has\s+been|was)\s+corrected\b/iu,
  },
  { kind: "clarification", pattern: /^\W*clarifications?\s*[:\u2014\u2013-]/iu },
  {
    kind: "clarification",
    pattern: /\bthis\s+(?:article|story|report)\s+(?:has\s+been|was)\s+(?:clarified|amended)\b/iu,
  },
  {
    kind: "editors-note",
    pattern: /^\W*editor['\u2019]?s['\u2019]?\s+notes?\s*[:\u2014\u2013-]/iu,
  },
  {
    kind: "update",
    pattern: /\bthis\s+(?:article|story|report|piece)\s+(?:has\s+been|was)\s+updated\b/iu,
  },
  { kind: "update", pattern: /^\W*updated?\s*[:\u2014\u2013-]/iu },
  { kind: "update", pattern: /^\W*updated\s+(?:at|on)\s+\S/iu },
];

const KIND_GROUPS: readonly [string, NoticeKind][] = [
  ["correction", "correction"],
  ["update", "update"],
  ["clarification", "clarification"],
  ["editors_note", "editors-note"],
];

/**
 * A source's own notice patterns (sources.yaml `notices:`), compiled as the schema checked them:
 * flags "iu". A named group `correction`, `update`, `clarification` or `editors_note` that takes
 * part in the match says the notice's kind; a pattern without one finds "update" notices.
 */
export function compileNoticePatterns(patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((pattern) => new RegExp(pattern, "iu"));
}

const sentenceSegmenters = new Map<string, Intl.Segmenter>();

/** Sentences of one paragraph, trimmed, by the runtime's sentence rules for the language. */
export function sentences(paragraph: string, language?: string): string[] {
  const key = language ?? "";
  let segmenter = sentenceSegmenters.get(key);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
    } catch {
      segmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });
    }
    sentenceSegmenters.set(key, segmenter);
  }
  const out: string[] = [];
  for (const { segment } of segmenter.segment(paragraph)) {
    const text = segment.trim();
    if (text !== "") out.push(text);
  }
  return out;
}

/**
 * The notices a version carries: every sentence of the standfirst and the body that matches one
 * of the English notices or one of `patterns` (a source's own, see compileNoticePatterns).
 * "Updated at 10:45" style notices are one sentence; a notice that runs on ("An earlier version
 * of this article said …") is the whole sentence that holds the match.
 */
export function detectNotices(version: Version, patterns: readonly RegExp[] = []): Notice[] {
  // Each version is the newer side of one change and the older side of the next.
  let byPatterns = detected.get(version);
  if (!byPatterns) detected.set(version, (byPatterns = new WeakMap()));
  const known = byPatterns.get(patterns);
  if (known) return known;
  const notices: Notice[] = [];
  const places: [number, string][] = [];
  if (version.standfirst !== undefined) places.push([-1, version.standfirst]);
  version.paragraphs.forEach((text, index) => places.push([index, text]));
  for (const [paragraph, text] of places) {
    // Splitting into sentences is the costly part: a paragraph without any word the English
    // notices are made of holds none of them (a source's own patterns are tried on every one).
    if (patterns.length === 0 && !MAY_HOLD_NOTICE.test(text)) continue;
    for (const sentence of noticeSentences(text)) {
      const kind = classify(sentence, patterns);
      if (kind) notices.push({ kind, text: sentence, paragraph });
    }
  }
  byPatterns.set(patterns, notices);
  return notices;
}

const detected = new WeakMap<Version, WeakMap<readonly RegExp[], Notice[]>>();

/** A word every pattern of ENGLISH_NOTICES needs (kept in step with them; tested). */
export const MAY_HOLD_NOTICE = /correct|clarif|amend|editor|updat|version/iu;

/**
 * Sentences, with a short lead-in joined to what follows it: "Correction:" ends in no full stop,
 * but "Updated at 10.45." would otherwise stand alone as "Updated at 10." and "45."
 */
function noticeSentences(text: string): string[] {
  const parts = sentences(text, "en");
  const out: string[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && /\b(?:at|on)\s+\d{1,2}[.:]?$/u.test(last) && /^\d/u.test(part))
      out[out.length - 1] = `${last} ${part}`;
    else out.push(part);
  }
  return out;
}

function classify(sentence: string, patterns: readonly RegExp[]): NoticeKind | undefined {
  for (const { kind, pattern } of ENGLISH_NOTICES) if (pattern.test(sentence)) return kind;
  for (const pattern of patterns) {
    const match = pattern.exec(sentence);
    if (!match) continue;
    for (const [group, kind] of KIND_GROUPS) if (match.groups?.[group] !== undefined) return kind;
    return "update";
  }
  return undefined;
}

/** The key two notices are compared on: case, whitespace, quotes and punctuation do not count. */
export function noticeKey(text: string): string {
  return minorKey(text).toLowerCase();
}

/** Notices in `after` whose text (compared by noticeKey) `before` did not carry. */
export function newNotices(
  before: Version,
  after: Version,
  patterns: readonly RegExp[] = [],
): Notice[] {
  const old = new Set(detectNotices(before, patterns).map((notice) => noticeKey(notice.text)));
  return detectNotices(after, patterns).filter((notice) => !old.has(noticeKey(notice.text)));
}

/** The significance labels that call for a notice. */
export const NOTICE_EXPECTED: ReadonlySet<string> = new Set(["substantive", "major"]);

/**
 * True for a substantive or major change whose newer version carries no new notice: what a
 * page states as "No correction or update notice was added".
 */
export function withoutNotice(label: string, added: readonly Notice[]): boolean {
  return NOTICE_EXPECTED.has(label) && added.length === 0;
}

/** The fact withoutNotice records, as a page states it. */
export const WITHOUT_NOTICE_TEXT = "No correction or update notice was added";
