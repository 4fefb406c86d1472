// How much a change matters, as a score a reader can check: each signal has a documented
// weight, and every signal that fires gives a reason in words (docs/accountability.md).
// Pure and deterministic: the same change always gets the same score.

import { PARAGRAPH_BREAK } from "../diff/types.ts";
import type { Change, FieldChange, Segment } from "../diff/types.ts";
import { countWords } from "../diff/words.ts";
import { minorKey } from "../diff/normalise.ts";
import type { Version } from "../load/types.ts";

export type SignificanceLabel = "minor" | "small" | "substantive" | "major";

export interface Significance {
  /** 0..1, rounded to two decimals. */
  score: number;
  label: SignificanceLabel;
  /** Why, in words a reader understands, strongest signal first. */
  reasons: string[];
}

export interface SignificanceOptions {
  /** BCP 47 language of the text (word counting, sentence starts). */
  language?: string;
}

/**
 * The weights: what each signal adds at full strength. Signals combine like independent
 * chances (1 − Π(1 − weight × strength)), so two signals score more than either alone and the
 * total never passes 1.
 */
export const WEIGHTS = {
  /** Share of the body's words removed or added; full strength at WORDS_FULL. */
  words: 0.7,
  /** The headline rewritten (half its words or more); PARTLY_CHANGED of it for a smaller edit. */
  headline: 0.35,
  /** The standfirst rewritten, added or removed (a smaller edit as the headline's). */
  standfirst: 0.2,
  /** The byline changed (a name added, removed or replaced). */
  byline: 0.1,
  /** A figure removed or replaced. */
  figures: 0.35,
  /** Figures only added (a new paragraph with a date, say). */
  figuresAdded: 0.1,
  /** A quotation removed or reworded. */
  quotation: 0.3,
  /** Quotations only added. */
  quotationAdded: 0.1,
  /** A name no longer appears. */
  names: 0.25,
  /** Names only added. */
  namesAdded: 0.1,
  /** Paragraphs removed; full strength at three. */
  paragraphsRemoved: 0.3,
  /** Paragraphs moved (reordering changes what a reader sees first); full strength at three. */
  paragraphsMoved: 0.1,
} as const;

/** Share of a headline's or standfirst's words that makes it "rewritten". */
export const REWRITTEN = 0.5;
/** Strength of a headline or standfirst change below REWRITTEN. */
export const PARTLY_CHANGED = 0.6;

/** Share of words changed at which the words signal is at full strength. */
export const WORDS_FULL = 0.4;
/** Lowest score of a change that is not minor-only (a minor-only change scores 0). */
export const FLOOR = 0.02;
/** Label thresholds: a score at or above the value gets the label. */
export const THRESHOLDS = { small: 0.1, substantive: 0.3, major: 0.6 } as const;

export const MINOR_REASON = "Only whitespace, quotes or punctuation";

/**
 * The significance of `change` (the diff from `before` to `after`). Minor-only changes score 0
 * and are labelled minor; any other change scores at least FLOOR.
 */
export function significance(
  change: Change,
  before: Version,
  after: Version,
  options: SignificanceOptions = {},
): Significance {
  const language = options.language;
  if (change.stats.minorOnly) {
    return { score: 0, label: "minor", reasons: [MINOR_REASON, ...structure(change)] };
  }

  const signals: { weight: number; strength: number; reason: string }[] = [];
  const add = (weight: number, strength: number, reason: string): void => {
    if (strength > 0) signals.push({ weight, strength: Math.min(1, strength), reason });
  };

  for (const field of change.fields) {
    if (field.minor) continue;
    const share = fieldShare(field, language);
    // Rewritten: half its words or more replaced (or the field added or removed).
    const rewritten = share >= REWRITTEN;
    const strength = rewritten ? 1 : PARTLY_CHANGED;
    if (field.field === "headline") {
      add(WEIGHTS.headline, strength, rewritten ? "Headline rewritten" : "Headline changed");
    } else if (field.field === "standfirst") {
      add(WEIGHTS.standfirst, strength, `Standfirst ${fieldVerb(field)}`);
    } else {
      add(WEIGHTS.byline, 1, `Byline ${fieldVerb(field)}`);
    }
  }

  // Words: only blocks that are not minor count, so quote style in a long paragraph adds nothing.
  let changed = 0;
  for (const block of change.blocks) {
    if (block.kind === "same" || block.minor) continue;
    changed += changedWords(block.segments, language);
  }
  const total = wordsIn(before.paragraphs, language) + wordsIn(after.paragraphs, language);
  const share = total === 0 ? 0 : changed / total;
  const percent = Math.round(share * 100);
  if (changed > 0) {
    add(
      WEIGHTS.words,
      share / WORDS_FULL,
      percent >= 1 ? `${percent}% of the words changed` : "Under 1% of the words changed",
    );
  }

  const removed = change.stats.paragraphsRemoved;
  if (removed > 0) {
    add(
      WEIGHTS.paragraphsRemoved,
      removed / 3,
      `${removed} ${removed === 1 ? "paragraph" : "paragraphs"} removed`,
    );
  }

  const moved = change.stats.paragraphsMoved;
  if (moved > 0) {
    add(
      WEIGHTS.paragraphsMoved,
      moved / 3,
      `${moved} ${moved === 1 ? "paragraph" : "paragraphs"} moved`,
    );
  }

  const oldText = textOf(before);
  const newText = textOf(after);

  const figures = difference(figuresOf(oldText), figuresOf(newText));
  if (figures.removed.length > 0) {
    add(WEIGHTS.figures, 1, figureReason(figurePairs(change, figures), figures));
  } else if (figures.added.length > 0) {
    add(WEIGHTS.figuresAdded, 1, `Figures added: ${list(figures.added)}`);
  }

  const quotes = difference(quotationsOf(oldText), quotationsOf(newText), minorKey);
  if (quotes.removed.length > 0) {
    add(
      WEIGHTS.quotation,
      1,
      quotes.added.length > 0
        ? quotes.removed.length === 1
          ? "Quotation changed"
          : `${quotes.removed.length} quotations changed`
        : quotes.removed.length === 1
          ? "Quotation removed"
          : `${quotes.removed.length} quotations removed`,
    );
  } else if (quotes.added.length > 0) {
    add(
      WEIGHTS.quotationAdded,
      1,
      quotes.added.length === 1 ? "Quotation added" : `${quotes.added.length} quotations added`,
    );
  }

  const oldNames = namesOf(oldText, language);
  const newNames = namesOf(newText, language);
  const names = difference(oldNames, newNames);
  // A name counts as gone (or new) only when one of its words is: "Hurricane Teodora" becoming
  // "Teodora" at the start of a sentence is the same name.
  const oldWords = wordsOfNames(oldNames);
  const newWords = wordsOfNames(newNames);
  names.removed = names.removed.filter((name) => hasNewWord(name, newWords));
  names.added = names.added.filter((name) => hasNewWord(name, oldWords));
  if (names.removed.length > 0) {
    add(
      WEIGHTS.names,
      1,
      names.added.length > 0
        ? `Names changed: ${list(names.removed)} → ${list(names.added)}`
        : `Names removed: ${list(names.removed)}`,
    );
  } else if (names.added.length > 0) {
    add(WEIGHTS.namesAdded, 1, `Names added: ${list(names.added)}`);
  }

  // Splits and merges carry no weight of their own: the words they changed are counted above.
  for (const reason of structure(change).filter((r) => !r.endsWith("moved"))) add(0, 1, reason);

  let rest = 1;
  for (const signal of signals) rest *= 1 - signal.weight * signal.strength;
  const score = Math.max(FLOOR, round2(1 - rest));
  // Strongest first; ties keep the order above (fields, words, paragraphs, figures, quotes, names).
  const reasons = signals
    .map((signal, order) => ({ ...signal, order, value: signal.weight * signal.strength }))
    .sort((a, b) => b.value - a.value || a.order - b.order)
    .map((signal) => signal.reason);
  return { score, label: labelOf(score), reasons };
}

/** The label of a score: minor below 0.1, small below 0.3, substantive below 0.6, major from 0.6. */
export function labelOf(score: number): SignificanceLabel {
  if (score >= THRESHOLDS.major) return "major";
  if (score >= THRESHOLDS.substantive) return "substantive";
  if (score >= THRESHOLDS.small) return "small";
  return "minor";
}

/** Splits and merges, said in words: the only thing a minor-only change can do besides its marks. */
function structure(change: Change): string[] {
  const out: string[] = [];
  const { paragraphsSplit: split, paragraphsMerged: merged, paragraphsMoved: moved } = change.stats;
  if (split > 0) out.push(`${split} ${split === 1 ? "paragraph" : "paragraphs"} split`);
  if (merged > 0) out.push(`${merged} ${merged === 1 ? "merge" : "merges"} of paragraphs`);
  if (moved > 0) out.push(`${moved} ${moved === 1 ? "paragraph" : "paragraphs"} moved`);
  return out;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Words of each paragraph, counted one paragraph at a time: the word segmenter that text in
 * Chinese or Japanese goes through slows down far faster than the text grows.
 */
function wordsIn(paragraphs: readonly string[], language: string | undefined): number {
  let count = 0;
  for (const paragraph of paragraphs) count += countWords(paragraph, language);
  return count;
}

function changedWords(segments: readonly Segment[], language: string | undefined): number {
  let count = 0;
  for (const segment of segments)
    if (segment.op !== "equal") count += wordsIn(segment.text.split(PARAGRAPH_BREAK), language);
  return count;
}

function fieldShare(field: FieldChange, language: string | undefined): number {
  const total = countWords(field.before ?? "", language) + countWords(field.after ?? "", language);
  return total === 0 ? 1 : changedWords(field.segments, language) / total;
}

function fieldVerb(field: FieldChange): string {
  return field.before === undefined ? "added" : field.after === undefined ? "removed" : "changed";
}

/** Headline, standfirst and body: where figures, quotations and names are looked for. */
function textOf(version: Version): string[] {
  return [
    version.headline,
    ...(version.standfirst === undefined ? [] : [version.standfirst]),
    ...version.paragraphs,
  ];
}

/** What one side has more of than the other, counting repeats (multisets), in order of appearance. */
function difference(
  before: readonly string[],
  after: readonly string[],
  key: (text: string) => string = (text) => text,
): { removed: string[]; added: string[] } {
  const count = (items: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const take = (items: readonly string[], other: Map<string, number>): string[] => {
    const left = new Map(other);
    const out: string[] = [];
    for (const item of items) {
      const k = key(item);
      const n = left.get(k) ?? 0;
      if (n > 0) left.set(k, n - 1);
      else out.push(item);
    }
    return out;
  };
  return { removed: take(before, count(after)), added: take(after, count(before)) };
}

function wordsOfNames(names: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const name of names) for (const word of name.split(/[ -]/u)) words.add(word);
  return words;
}

/** True when the name has a word that is not among `words`. */
function hasNewWord(name: string, words: ReadonlySet<string>): boolean {
  return name.split(/[ -]/u).some((word) => !words.has(word));
}

/** At most three items, then how many more. */
function list(items: readonly string[]): string {
  const distinct = [...new Set(items)];
  const shown = distinct.slice(0, 3).join(", ");
  return distinct.length > 3 ? `${shown} and ${distinct.length - 3} more` : shown;
}

/**
 * Which removed figure became which added one: paired inside the same headline, standfirst or
 * block (so "12 → 15" are figures from the same sentence), in the order they appear there, and
 * only among the figures that really left or joined the article.
 */
function figurePairs(
  change: Change,
  figures: { removed: readonly string[]; added: readonly string[] },
): [string, string][] {
  const left = (items: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
    return counts;
  };
  const removed = left(figures.removed);
  const added = left(figures.added);
  const take = (counts: Map<string, number>, item: string): boolean => {
    const n = counts.get(item) ?? 0;
    if (n === 0) return false;
    counts.set(item, n - 1);
    return true;
  };
  const places: Segment[][] = [
    ...change.fields.filter((f) => f.field !== "byline").map((f) => f.segments),
    ...change.blocks.filter((b) => b.kind !== "same").map((b) => b.segments),
  ];
  const pairs: [string, string][] = [];
  for (const segments of places) {
    const local = difference(
      figuresOf([side(segments, "old")]),
      figuresOf([side(segments, "new")]),
    );
    const gone = local.removed.filter((figure) => take(removed, figure));
    const come = local.added.filter((figure) => take(added, figure));
    for (let k = 0; k < Math.min(gone.length, come.length); k++) pairs.push([gone[k]!, come[k]!]);
  }
  return pairs;
}

/** One side's text of a run of segments. */
function side(segments: readonly Segment[], which: "old" | "new"): string {
  let text = "";
  for (const segment of segments) {
    if (
      segment.op === "equal" ||
      (which === "old" ? segment.op === "delete" : segment.op === "insert")
    )
      text += segment.text;
  }
  return text;
}

function figureReason(
  pairs: readonly [string, string][],
  figures: { removed: readonly string[]; added: readonly string[] },
): string {
  const shown = [...new Set(pairs.map(([from, to]) => `${from} → ${to}`))];
  if (shown.length === 0) {
    return figures.added.length === 0
      ? `Figures removed: ${list(figures.removed)}`
      : `Figures changed: ${list(figures.removed)} removed, ${list(figures.added)} added`;
  }
  const paired = new Set(pairs.map(([from]) => from));
  const unpaired = [...new Set(figures.removed.filter((figure) => !paired.has(figure)))];
  const more = shown.length - 3 + unpaired.length;
  return `Figures changed: ${shown.slice(0, 3).join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

// Digits of other scripts read as ASCII digits: Arabic-Indic, Eastern Arabic-Indic, Devanagari;
// NFKC takes care of full-width digits.
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966];
const FIGURE = /\d+(?:[.,:]\d+)*(?:\s?%)?/gu;

/** Every figure in the texts, as ASCII digits, thousands separators kept as written. */
export function figuresOf(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (const [figure] of asciiDigits(text).matchAll(FIGURE)) out.push(figure.replace(/\s/gu, ""));
  }
  return out;
}

const OTHER_DIGITS = /[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F]/gu;

function asciiDigits(text: string): string {
  const out = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKC");
  return out.replace(OTHER_DIGITS, (digit) => {
    const code = digit.codePointAt(0)!;
    return String(code - DIGIT_ZEROS.find((zero) => code >= zero && code <= zero + 9)!);
  });
}

// Quotation marks that open and close a quotation unambiguously, and straight double quotes.
// Single quotes only when they stand apart from letters, so apostrophes are never read as quotes.
const QUOTATIONS = [
  /\u201C([^\u201C\u201D]+)\u201D/gu,
  /\u201E([^\u201C\u201D\u201E]+)[\u201C\u201D]/gu,
  /\u00AB([^\u00AB\u00BB]+)\u00BB/gu,
  /\u300C([^\u300C\u300D]+)\u300D/gu,
  /"([^"]+)"/gu,
  /(?<![\p{L}\p{N}])\u2018([^\u2018\u2019]+)\u2019(?![\p{L}\p{N}])/gu,
];

/** Every quotation in the texts: the words between quotation marks. */
export function quotationsOf(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (const pattern of QUOTATIONS) {
      for (const match of text.matchAll(pattern)) {
        const quoted = match[1]!.trim();
        if (quoted !== "") out.push(quoted);
      }
    }
  }
  return out;
}

// A capitalised word: an upper-case letter then letters, marks, apostrophes or hyphens.
const CAPITALISED =
  /(?<![\p{L}\p{M}\p{N}'\u2019-])\p{Lu}[\p{L}\p{M}]*(?:['\u2019-]\p{L}[\p{L}\p{M}]*)*/gu;
// What ends a sentence (so the next word opens one), quotes or brackets and spaces after it.
const SENTENCE_END =
  /[.!?:;\u2026\u3002\uFF01\uFF1F]["'\u201C\u201D\u2018\u2019\u00AB\u00BB()[\]\s-]*$/u;
const ONLY_OPENERS = /^["'\u201C\u2018\u00AB(\[\s-]*$/u;
/** Capitalised words that are dates, not names. */
const NOT_NAMES = new Set([
  "I",
  ...["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  ...["January", "February", "March", "April", "May", "June", "July", "August"],
  ...["September", "October", "November", "December"],
]);

/**
 * Names: runs of capitalised words ("Lorna Dabb", "Saltmarsh Quay"), without the word that opens
 * a sentence (so "The" is never a name and "Lorna Dabb said" gives "Dabb"), and without weekday
 * and month names and "I". Scripts without case (Arabic, Japanese) have none.
 */
export function namesOf(texts: readonly string[], _language?: string): string[] {
  const out: string[] = [];
  for (const text of texts) {
    let run: string[] = [];
    let runEnd = -1;
    const flush = (): void => {
      if (run.length > 0) out.push(run.join(" "));
      run = [];
    };
    for (const match of text.matchAll(CAPITALISED)) {
      const word = match[0];
      const start = match.index;
      const lead = text.slice(Math.max(0, start - 8), start);
      const opens = (start <= 8 && ONLY_OPENERS.test(lead)) || SENTENCE_END.test(lead);
      const continues = run.length > 0 && /^[ -]$/u.test(text.slice(runEnd, start));
      if (!continues) flush();
      runEnd = start + word.length;
      if (opens || NOT_NAMES.has(word)) {
        flush();
        continue;
      }
      run.push(word);
    }
    flush();
  }
  return out;
}
