// What the diff engine returns: plain data, shared by the build and the browser.

/** A run of text: unchanged, only in the newer version, or only in the older one. */
export interface Segment {
  op: "equal" | "insert" | "delete";
  text: string;
}

/**
 * One row of the paragraph-aligned view.
 *
 * `old` and `new` are 0-based paragraph indices in the older and newer version.
 * Joining the equal+delete segments gives the old paragraphs of this block separated
 * by PARAGRAPH_BREAK; joining equal+insert gives the new ones. That is what makes
 * every change exact: both versions can be rebuilt from the blocks.
 */
export interface Block {
  kind:
    | "same" // unchanged paragraph
    | "edited" // changed in place (paired by similarity)
    | "added" // only in the newer version
    | "removed" // only in the older version
    | "moved" // moved to another position, possibly edited on the way
    | "split" // one old paragraph became several new ones
    | "merged"; // several old paragraphs became one
  old: number[];
  new: number[];
  segments: Segment[];
  /** Only whitespace, quote style or punctuation differ. */
  minor: boolean;
  /** Stable anchor id for every block that is not "same", e.g. "c3"; "" for "same". */
  anchor: string;
}

/** Separator placed between paragraphs inside one block's segments (split and merged blocks). */
export const PARAGRAPH_BREAK = "\n\n";

export type FieldName = "headline" | "byline" | "standfirst";

export interface FieldChange {
  field: FieldName;
  before?: string;
  after?: string;
  segments: Segment[];
  minor: boolean;
}

export interface ChangeStats {
  /** Words in the body's insert segments (fields are not counted). */
  wordsAdded: number;
  /** Words in the body's delete segments (fields are not counted). */
  wordsRemoved: number;
  /** Block counts by kind: a split or merge counts once however many paragraphs it spans. */
  paragraphsAdded: number;
  paragraphsRemoved: number;
  paragraphsEdited: number;
  paragraphsMoved: number;
  paragraphsSplit: number;
  paragraphsMerged: number;
  /** There is at least one difference and every difference (fields and body) is minor. */
  minorOnly: boolean;
}

export interface Change {
  /** Changed fields only, in the order headline, byline, standfirst. */
  fields: FieldChange[];
  /** In reading order of the newer version, removed paragraphs placed where they stood. */
  blocks: Block[];
  stats: ChangeStats;
  /** True when a paragraph was too costly to diff word by word and is shown replaced whole. */
  fallback: boolean;
}

/** The parts of a version the diff looks at. */
export interface VersionText {
  headline: string;
  byline?: string;
  standfirst?: string;
  paragraphs: string[];
}

/**
 * Limits are counted in work, never in time, so the same versions always give the same
 * change, on any machine and under any load (the build's output is byte-identical).
 */
export interface DiffOptions {
  /** Largest edit distance, in tokens, one word-level diff may explore before falling back to a whole-paragraph replacement. */
  maxEditLength?: number;
  /** Tokens all word-level diffs of one change may compare together; pairs left after that are replaced whole. */
  totalTokens?: number;
  /** BCP 47 language of the text, used to split words (e.g. "zh", "ja", "th"). */
  language?: string;
}
