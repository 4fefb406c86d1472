// Sentence-level diffs, shaped like the NewsEdits dataset: each version split into sentences
// (Intl.Segmenter), consecutive versions aligned sentence by sentence with jsdiff's diffArrays.

import { diffArrays } from "diff";
import { sentences } from "../accountability/notices.ts";

export interface Sentence {
  /** 0-based across the whole body. */
  index: number;
  paragraph: number;
  text: string;
}

export interface SentenceDiffRow {
  operation: "equal" | "insert" | "delete" | "replace";
  /** 0-based sentence index in the older version; null for an insert. */
  oldIndex: number | null;
  newIndex: number | null;
  oldText: string | null;
  newText: string | null;
}

/** A body's sentences, paragraph by paragraph. */
export function splitSentences(paragraphs: readonly string[], language?: string): Sentence[] {
  const out: Sentence[] = [];
  paragraphs.forEach((paragraph, p) => {
    for (const text of sentences(paragraph, language))
      out.push({ index: out.length, paragraph: p, text });
  });
  return out;
}

/** Most sentence insertions plus deletions the alignment explores before giving up. */
const MAX_EDIT_LENGTH = 5000;

/**
 * Every sentence of both versions in one row each, in order: equal pairs; a run of deletions
 * followed by a run of insertions paired one to one as replacements, the rest deleted or
 * inserted. Past MAX_EDIT_LENGTH, every old sentence is deleted and every new one inserted.
 */
export function diffSentences(
  before: readonly Sentence[],
  after: readonly Sentence[],
): SentenceDiffRow[] {
  const a = before.map((s) => s.text);
  const b = after.map((s) => s.text);
  const parts = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH }) ?? [
    { value: a, removed: true, added: false, count: a.length },
    { value: b, removed: false, added: true, count: b.length },
  ];
  const rows: SentenceDiffRow[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    if (!part.added && !part.removed) {
      for (const text of part.value)
        rows.push({
          operation: "equal",
          oldIndex: i++,
          newIndex: j++,
          oldText: text,
          newText: text,
        });
    } else if (part.removed) {
      const next = parts[k + 1];
      const inserted = next?.added ? next.value : [];
      if (next?.added) k++;
      const paired = Math.min(part.value.length, inserted.length);
      for (let n = 0; n < paired; n++) {
        rows.push({
          operation: "replace",
          oldIndex: i++,
          newIndex: j++,
          oldText: part.value[n]!,
          newText: inserted[n]!,
        });
      }
      for (let n = paired; n < part.value.length; n++) {
        rows.push({
          operation: "delete",
          oldIndex: i++,
          newIndex: null,
          oldText: part.value[n]!,
          newText: null,
        });
      }
      for (let n = paired; n < inserted.length; n++) {
        rows.push({
          operation: "insert",
          oldIndex: null,
          newIndex: j++,
          oldText: null,
          newText: inserted[n]!,
        });
      }
    } else {
      for (const text of part.value)
        rows.push({
          operation: "insert",
          oldIndex: null,
          newIndex: j++,
          oldText: null,
          newText: text,
        });
    }
  }
  return rows;
}
