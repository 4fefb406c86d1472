// Word-level diff of two texts, exact on both sides, with a bounded cost.

import { diffArrays } from "diff";
import type { Segment } from "./types.ts";
import { tokenCore, tokenize } from "./words.ts";

/** How much one word-level diff may cost, and how words are split. */
export interface WordDiffLimits {
  /** Largest edit distance, in tokens, this diff may explore. */
  maxEditLength: number;
  /** Tokens (both texts together) this diff may compare; fewer than the texts have: replaced whole. */
  budget?: number;
  language?: string;
}

export interface WordDiff {
  segments: Segment[];
  /** The diff was too costly and the text is shown replaced whole. */
  fallback: boolean;
  /** Tokens compared (both texts), counted against a change's budget. */
  tokens: number;
}

/**
 * Diffs two texts word by word. Words are compared without the whitespace in
 * front of them (so a changed space never makes a word look rewritten), and the
 * whitespace is then diffed on its own, which keeps both texts exact: joining
 * the equal and delete segments gives `before`, equal and insert gives `after`.
 *
 * When jsdiff gives up (timeout or maxEditLength), the result is one delete and
 * one insert segment: readable, exact, and marked as a fallback.
 */
export function diffWordsExact(before: string, after: string, limits: WordDiffLimits): WordDiff {
  if (before === after)
    return {
      segments: before === "" ? [] : [{ op: "equal", text: before }],
      fallback: false,
      tokens: 0,
    };
  if (before === "")
    return { segments: [{ op: "insert", text: after }], fallback: false, tokens: 0 };
  if (after === "")
    return { segments: [{ op: "delete", text: before }], fallback: false, tokens: 0 };

  const oldTokens = tokenize(before, limits.language);
  const newTokens = tokenize(after, limits.language);
  const tokens = oldTokens.length + newTokens.length;
  const changes =
    limits.maxEditLength > 0 && tokens <= (limits.budget ?? Infinity)
      ? diffArrays(oldTokens.map(tokenCore), newTokens.map(tokenCore), {
          maxEditLength: limits.maxEditLength,
        })
      : undefined;
  if (changes === undefined) return { ...replaceWhole(before, after), tokens };

  const out = new SegmentBuilder();
  let i = 0;
  let j = 0;
  for (const change of changes) {
    if (change.added) {
      for (let n = 0; n < change.count; n++) out.insert(newTokens[j++] ?? "");
    } else if (change.removed) {
      for (let n = 0; n < change.count; n++) out.delete(oldTokens[i++] ?? "");
    } else {
      for (let n = 0; n < change.count; n++) {
        const oldToken = oldTokens[i++] ?? "";
        const newToken = newTokens[j++] ?? "";
        if (oldToken === newToken) {
          out.equal(oldToken);
        } else {
          // Same word, different whitespace before it.
          const core = tokenCore(newToken);
          out.delete(oldToken.slice(0, oldToken.length - core.length));
          out.insert(newToken.slice(0, newToken.length - core.length));
          out.equal(core);
        }
      }
    }
  }
  return { segments: expandToWholeWords(out.finish()), fallback: false, tokens };
}

// Scripts written without spaces between words: there, "the rest of the word" is unknowable.
const NO_SPACE_SCRIPTS =
  "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}";
const WORD_END = new RegExp(`[^\\s${NO_SPACE_SCRIPTS}]{1,40}$`, "u");
const WORD_START = new RegExp(`^[^\\s${NO_SPACE_SCRIPTS}]{1,40}`, "u");
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;
const STARTS_WITH_WORD = /^[\p{L}\p{N}]/u;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * A change of only spaces or punctuation (not a paragraph break) between two word
 * characters joins or splits a word ("human rights" → "human-rights"). Such a change is widened to the whole word on
 * both sides, so readers see "[-human rights-]{+human-rights+}" rather than a highlighted
 * hyphen. Exactness holds: the text taken from the unchanged neighbours is added to both
 * the deletion and the insertion.
 */
export function expandToWholeWords(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < segments.length) {
    const segment = segments[i]!;
    if (segment.op === "equal") {
      out.push({ ...segment });
      i++;
      continue;
    }
    let deleted = "";
    let inserted = "";
    while (i < segments.length && segments[i]!.op !== "equal") {
      if (segments[i]!.op === "delete") deleted += segments[i]!.text;
      else inserted += segments[i]!.text;
      i++;
    }
    const previous = out[out.length - 1];
    const following = segments[i];
    const joinsWords =
      previous?.op === "equal" &&
      following !== undefined &&
      !HAS_WORD_CHARACTER.test(deleted + inserted) &&
      !(deleted + inserted).includes("\n") &&
      ENDS_IN_WORD.test(previous.text) &&
      STARTS_WITH_WORD.test(following.text);
    let rest = following?.text ?? "";
    if (joinsWords && previous) {
      const before = WORD_END.exec(previous.text)?.[0] ?? "";
      const after = WORD_START.exec(rest)?.[0] ?? "";
      previous.text = previous.text.slice(0, previous.text.length - before.length);
      if (previous.text === "") out.pop();
      rest = rest.slice(after.length);
      deleted = before + deleted + after;
      inserted = before + inserted + after;
    }
    if (deleted !== "") out.push({ op: "delete", text: deleted });
    if (inserted !== "") out.push({ op: "insert", text: inserted });
    if (following) {
      if (rest !== "") out.push({ op: "equal", text: rest });
      i++;
    }
  }
  return out;
}

/** The readable fallback: the old text struck out whole, the new text inserted whole. */
export function replaceWhole(before: string, after: string): Omit<WordDiff, "tokens"> {
  const segments: Segment[] = [];
  if (before !== "") segments.push({ op: "delete", text: before });
  if (after !== "") segments.push({ op: "insert", text: after });
  return { segments, fallback: true };
}

const LEADING_WS = /^\s*/;
const TRAILING_WS = /\s*$/;

/**
 * Collects segments, merging neighbours of the same kind and putting each run of
 * changes as one delete followed by one insert. Whitespace that starts (or ends)
 * both the deleted and the inserted text moves out into the unchanged text, so a
 * replaced word reads "foo [-bar-]{+qux+} baz" rather than "foo[- bar-]{+ qux+} baz".
 */
class SegmentBuilder {
  private readonly segments: Segment[] = [];
  private deleted = "";
  private inserted = "";

  delete(text: string): void {
    this.deleted += text;
  }

  insert(text: string): void {
    this.inserted += text;
  }

  equal(text: string): void {
    this.push("equal", this.flushChanges() + text);
  }

  finish(): Segment[] {
    this.push("equal", this.flushChanges());
    return this.segments;
  }

  /** Emits the pending changes; returns whitespace that belongs in front of the next unchanged text. */
  private flushChanges(): string {
    let deleted = this.deleted;
    let inserted = this.inserted;
    this.deleted = "";
    this.inserted = "";
    let trailing = "";
    if (deleted !== "" && inserted !== "") {
      const leading = commonPrefix(
        LEADING_WS.exec(deleted)?.[0] ?? "",
        LEADING_WS.exec(inserted)?.[0] ?? "",
      );
      deleted = deleted.slice(leading.length);
      inserted = inserted.slice(leading.length);
      this.push("equal", leading);
      trailing = commonSuffix(
        TRAILING_WS.exec(deleted)?.[0] ?? "",
        TRAILING_WS.exec(inserted)?.[0] ?? "",
      );
      deleted = deleted.slice(0, deleted.length - trailing.length);
      inserted = inserted.slice(0, inserted.length - trailing.length);
    }
    this.push("delete", deleted);
    this.push("insert", inserted);
    return trailing;
  }

  private push(op: Segment["op"], text: string): void {
    if (text === "") return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.op === op) last.text += text;
    else this.segments.push({ op, text });
  }
}

function commonPrefix(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
}

function commonSuffix(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return a.slice(a.length - n);
}
