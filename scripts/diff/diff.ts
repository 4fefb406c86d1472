// The diff between two versions of an article: fields word by word, then the
// body aligned paragraph by paragraph (see docs/design.md, "The diff").

import { alignParagraphs } from "./align.ts";
import type { Anchor } from "./align.ts";
import { heaviestNonCrossing } from "./in-place.ts";
import type { InPlaceCandidate } from "./in-place.ts";
import { alignmentKey, minorKey } from "./normalise.ts";
import { pairBySimilarity, SIMILARITY_THRESHOLD, similarity } from "./pair.ts";
import type { Pairing, ParagraphSide } from "./pair.ts";
import { PARAGRAPH_BREAK } from "./types.ts";
import type {
  Block,
  Change,
  ChangeStats,
  DiffOptions,
  FieldChange,
  FieldName,
  Segment,
  VersionText,
} from "./types.ts";
import { diffWordsExact } from "./word-diff.ts";
import { countWords, wordSet } from "./words.ts";

/** Defaults for DiffOptions; generous for news paragraphs, tight for pathological ones. */
export const DEFAULT_LIMITS = {
  maxEditLength: 4000,
  totalTokens: 4_000_000,
} as const;

/** Most paragraph insertions plus deletions the exact paragraph LCS may explore. */
const ALIGN_MAX_EDIT_LENGTH = 2000;
/** Most removed × added pairs compared when looking for moved paragraphs. */
const MAX_MOVE_COMPARISONS = 250_000;

const FIELD_NAMES: readonly FieldName[] = ["headline", "byline", "standfirst"];

/** Shared state of one diffVersions call: its limits, the work left, and whether it fell back. */
class DiffRun {
  fallback = false;
  readonly language: string | undefined;
  private readonly maxEditLength: number;
  private tokensLeft: number;

  constructor(options: DiffOptions) {
    this.language = options.language;
    this.maxEditLength = options.maxEditLength ?? DEFAULT_LIMITS.maxEditLength;
    this.tokensLeft = options.totalTokens ?? DEFAULT_LIMITS.totalTokens;
  }

  /** Word-level segments of one text pair; once the run's budget is spent, pairs are replaced whole. */
  words(before: string, after: string): Segment[] {
    const result = diffWordsExact(before, after, {
      maxEditLength: this.maxEditLength,
      language: this.language,
      budget: this.tokensLeft,
    });
    this.tokensLeft -= result.tokens;
    if (result.fallback) this.fallback = true;
    return result.segments;
  }
}

/**
 * What changed from `before` to `after`. Exact: `rebuild(change, "old")` gives
 * back before.paragraphs and `rebuild(change, "new")` after.paragraphs.
 * Paragraphs must not contain PARAGRAPH_BREAK (the loader guarantees it, since a
 * blank line is what separates paragraphs).
 */
export function diffVersions(
  before: VersionText,
  after: VersionText,
  options: DiffOptions = {},
): Change {
  const run = new DiffRun(options);
  const fields = diffFields(before, after, run);
  const blocks = diffParagraphs(before.paragraphs, after.paragraphs, run);
  let counter = 0;
  for (const block of blocks) if (block.kind !== "same") block.anchor = `c${++counter}`;
  return {
    fields,
    blocks,
    stats: statistics(fields, blocks, run.language),
    fallback: run.fallback,
  };
}

function diffFields(before: VersionText, after: VersionText, run: DiffRun): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELD_NAMES) {
    const oldText = before[field] ?? "";
    const newText = after[field] ?? "";
    if (oldText === newText) continue;
    const change: FieldChange = {
      field,
      segments: run.words(oldText, newText),
      minor: minorKey(oldText) === minorKey(newText),
    };
    if (before[field] !== undefined) change.before = before[field];
    if (after[field] !== undefined) change.after = after[field];
    changes.push(change);
  }
  return changes;
}

/** Paragraphs between two aligned anchors (or the article's ends): what was removed and added there. */
interface Gap {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
  /** The aligned pair that closes the gap; absent for the gap at the end of the article. */
  anchor?: Anchor;
  pairings: Pairing[];
}

/** How the paragraphs of two versions correspond, before it is written out as blocks. */
interface Plan {
  gaps: Gap[];
  /** New index → old index of each moved paragraph. */
  movedIn: Map<number, number>;
  movedOut: Set<number>;
}

/** The paragraphs of both versions with what the plan needs to know about them. */
interface Texts {
  before: readonly string[];
  after: readonly string[];
  oldIds: number[];
  newIds: number[];
  oldSide: ParagraphSide;
  newSide: ParagraphSide;
}

function diffParagraphs(
  before: readonly string[],
  after: readonly string[],
  run: DiffRun,
): Block[] {
  const keys = new ParagraphKeys();
  const texts: Texts = {
    before,
    after,
    oldIds: before.map((text) => keys.id(text)),
    newIds: after.map((text) => keys.id(text)),
    oldSide: paragraphSide(before, run.language),
    newSide: paragraphSide(after, run.language),
  };
  const anchors = alignParagraphs(texts.oldIds, texts.newIds, {
    maxEditLength: ALIGN_MAX_EDIT_LENGTH,
  });
  let plan = planParagraphs(anchors, texts);
  if (plan.movedIn.size > 0) {
    // The LCS counts only identical paragraphs, so it may have kept one paragraph
    // in place and made several rewritten ones "move" around it. Keep in place the
    // largest set of matches that do not cross, and plan again around those.
    const pins = inPlacePins(plan, anchors, texts);
    const same = (pin: Anchor, k: number): boolean =>
      pin[0] === anchors[k]![0] && pin[1] === anchors[k]![1];
    if (pins.length !== anchors.length || !pins.every(same)) {
      plan = planParagraphs(pins, texts);
    }
  }
  return writeBlocks(plan, texts, run);
}

/**
 * Matches the paragraphs between `anchors` (aligned pairs with equal keys):
 * 1. a paragraph removed in one gap and added with the same key elsewhere has moved;
 * 2. within each gap the rest is paired by similarity (edits, splits, merges);
 * 3. of what is still left, a removed and an added paragraph that are alike, wherever they stand, moved.
 */
function planParagraphs(anchors: readonly Anchor[], texts: Texts): Plan {
  const { oldIds, newIds, oldSide, newSide } = texts;
  const gaps = gapsBetween(anchors, oldIds.length, newIds.length);

  const movedIn = new Map<number, number>();
  const movedOut = new Set<number>();
  // Removed paragraphs by key, each list taken from the front as its twins are found.
  const removedById = new Map<number, { list: number[]; next: number }>();
  for (const gap of gaps) {
    for (let i = gap.oldStart; i < gap.oldEnd; i++) {
      const entry = removedById.get(oldIds[i]!);
      if (entry) entry.list.push(i);
      else removedById.set(oldIds[i]!, { list: [i], next: 0 });
    }
  }
  if (removedById.size > 0) {
    for (const gap of gaps) {
      for (let j = gap.newStart; j < gap.newEnd; j++) {
        const entry = removedById.get(newIds[j]!);
        if (!entry || entry.next >= entry.list.length) continue;
        const i = entry.list[entry.next++]!;
        movedIn.set(j, i);
        movedOut.add(i);
      }
    }
  }

  const pairedOld = new Set<number>();
  const pairedNew = new Set<number>();
  for (const gap of gaps) {
    const olds = range(gap.oldStart, gap.oldEnd).filter((i) => !movedOut.has(i));
    const news = range(gap.newStart, gap.newEnd).filter((j) => !movedIn.has(j));
    gap.pairings = pairBySimilarity(olds, news, oldSide, newSide);
    for (const pairing of gap.pairings) {
      for (const i of pairing.old) pairedOld.add(i);
      for (const j of pairing.new) pairedNew.add(j);
    }
  }

  const leftOld: number[] = [];
  const leftNew: number[] = [];
  for (const gap of gaps) {
    for (let i = gap.oldStart; i < gap.oldEnd; i++)
      if (!movedOut.has(i) && !pairedOld.has(i)) leftOld.push(i);
    for (let j = gap.newStart; j < gap.newEnd; j++)
      if (!movedIn.has(j) && !pairedNew.has(j)) leftNew.push(j);
  }
  if (
    leftOld.length > 0 &&
    leftNew.length > 0 &&
    leftOld.length * leftNew.length <= MAX_MOVE_COMPARISONS
  ) {
    const candidates: { i: number; j: number; score: number }[] = [];
    for (const i of leftOld) {
      for (const j of leftNew) {
        const score = similarity(oldSide.words(i), newSide.words(j));
        if (score >= SIMILARITY_THRESHOLD) candidates.push({ i, j, score });
      }
    }
    candidates.sort((x, y) => y.score - x.score || x.j - y.j || x.i - y.i);
    for (const { i, j } of candidates) {
      if (movedOut.has(i) || movedIn.has(j)) continue;
      movedIn.set(j, i);
      movedOut.add(i);
    }
  }
  return { gaps, movedIn, movedOut };
}

/**
 * Of every match in the plan (anchors, pairings, moves), the heaviest set that
 * can stay in place without crossing: most paragraphs first, then most text, then
 * the LCS's own anchors. Returns the identical-key pairs of that set, in order,
 * to plan around again.
 */
function inPlacePins(plan: Plan, anchors: readonly Anchor[], texts: Texts): Anchor[] {
  const matches: (InPlaceCandidate & { pin: Anchor | undefined })[] = [];
  const length = (paragraphs: readonly string[], indices: readonly number[]): number =>
    indices.reduce((sum, k) => sum + paragraphs[k]!.length, 0);
  const add = (old: number[], nu: number[], anchor: boolean): void => {
    matches.push({
      oldFirst: old[0]!,
      oldLast: old[old.length - 1]!,
      newFirst: nu[0]!,
      weight: [
        old.length + nu.length,
        length(texts.before, old) + length(texts.after, nu),
        anchor ? 1 : 0,
      ],
      pin:
        old.length === 1 && nu.length === 1 && texts.oldIds[old[0]!] === texts.newIds[nu[0]!]
          ? [old[0]!, nu[0]!]
          : undefined,
    });
  };
  for (const [i, j] of anchors) add([i], [j], true);
  for (const gap of plan.gaps)
    for (const pairing of gap.pairings) add(pairing.old, pairing.new, false);
  for (const [j, i] of plan.movedIn) add([i], [j], false);
  return heaviestNonCrossing(matches, texts.oldIds.length)
    .map((match) => match.pin)
    .filter((pin): pin is Anchor => pin !== undefined);
}

function writeBlocks(plan: Plan, texts: Texts, run: DiffRun): Block[] {
  const { before, after } = texts;
  const { movedIn, movedOut } = plan;
  const blocks: Block[] = [];
  const block = (
    kind: Block["kind"],
    old: number[],
    nu: number[],
    segments: Segment[],
    minor: boolean,
  ): void => {
    blocks.push({ kind, old, new: nu, segments, minor, anchor: "" });
  };
  // In the newer version's reading order; a removed paragraph stays beside its old neighbours.
  for (const gap of plan.gaps) {
    let i = gap.oldStart;
    let j = gap.newStart;
    for (let p = 0; p <= gap.pairings.length; p++) {
      const pairing = gap.pairings[p];
      const oldStop = pairing ? pairing.old[0]! : gap.oldEnd;
      const newStop = pairing ? pairing.new[0]! : gap.newEnd;
      for (; i < oldStop; i++) {
        if (!movedOut.has(i))
          block("removed", [i], [], [{ op: "delete", text: before[i]! }], false);
      }
      for (; j < newStop; j++) {
        const from = movedIn.get(j);
        if (from === undefined) block("added", [], [j], [{ op: "insert", text: after[j]! }], false);
        else block("moved", [from], [j], run.words(before[from]!, after[j]!), false);
      }
      if (!pairing) break;
      const oldText = pairing.old.map((k) => before[k]!).join(PARAGRAPH_BREAK);
      const newText = pairing.new.map((k) => after[k]!).join(PARAGRAPH_BREAK);
      const kind = pairing.old.length > 1 ? "merged" : pairing.new.length > 1 ? "split" : "edited";
      block(
        kind,
        pairing.old,
        pairing.new,
        run.words(oldText, newText),
        minorKey(oldText) === minorKey(newText),
      );
      i = pairing.old[pairing.old.length - 1]! + 1;
      j = pairing.new[pairing.new.length - 1]! + 1;
    }
    if (gap.anchor) {
      const [oi, nj] = gap.anchor;
      const oldText = before[oi]!;
      const newText = after[nj]!;
      if (oldText === newText) block("same", [oi], [nj], [{ op: "equal", text: oldText }], false);
      else block("edited", [oi], [nj], run.words(oldText, newText), true);
    }
  }
  return blocks;
}

/** Interns paragraphs by alignment key, normalising each distinct text only once. */
class ParagraphKeys {
  private readonly byText = new Map<string, number>();
  private readonly byKey = new Map<string, number>();

  id(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) {
      const key = alignmentKey(text);
      id = this.byKey.get(key);
      if (id === undefined) {
        id = this.byKey.size;
        this.byKey.set(key, id);
      }
      this.byText.set(text, id);
    }
    return id;
  }
}

function gapsBetween(anchors: readonly Anchor[], oldLength: number, newLength: number): Gap[] {
  const gaps: Gap[] = [];
  let oldStart = 0;
  let newStart = 0;
  for (const anchor of anchors) {
    gaps.push({ oldStart, oldEnd: anchor[0], newStart, newEnd: anchor[1], anchor, pairings: [] });
    oldStart = anchor[0] + 1;
    newStart = anchor[1] + 1;
  }
  gaps.push({ oldStart, oldEnd: oldLength, newStart, newEnd: newLength, pairings: [] });
  return gaps;
}

function paragraphSide(paragraphs: readonly string[], language: string | undefined): ParagraphSide {
  const cache = new Map<number, Set<string>>();
  return {
    words(index) {
      let words = cache.get(index);
      if (!words) {
        words = wordSet(paragraphs[index]!, language);
        cache.set(index, words);
      }
      return words;
    },
    // A paragraph with a line break in it could not be told apart from the break that joins it to the next.
    joinable: (index) => !paragraphs[index]!.includes("\n"),
  };
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let k = start; k < end; k++) out.push(k);
  return out;
}

function statistics(
  fields: readonly FieldChange[],
  blocks: readonly Block[],
  language: string | undefined,
): ChangeStats {
  const stats: ChangeStats = {
    wordsAdded: 0,
    wordsRemoved: 0,
    paragraphsAdded: 0,
    paragraphsRemoved: 0,
    paragraphsEdited: 0,
    paragraphsMoved: 0,
    paragraphsSplit: 0,
    paragraphsMerged: 0,
    minorOnly: false,
  };
  let differences = fields.length;
  let allMinor = fields.every((field) => field.minor);
  for (const block of blocks) {
    if (block.kind === "same") continue;
    differences++;
    if (!block.minor) allMinor = false;
    if (block.kind === "added") stats.paragraphsAdded++;
    else if (block.kind === "removed") stats.paragraphsRemoved++;
    else if (block.kind === "edited") stats.paragraphsEdited++;
    else if (block.kind === "moved") stats.paragraphsMoved++;
    else if (block.kind === "split") stats.paragraphsSplit++;
    else stats.paragraphsMerged++;
    for (const segment of block.segments) {
      if (segment.op === "insert") stats.wordsAdded += countWords(segment.text, language);
      else if (segment.op === "delete") stats.wordsRemoved += countWords(segment.text, language);
    }
  }
  stats.minorOnly = differences > 0 && allMinor;
  return stats;
}
