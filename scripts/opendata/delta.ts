// A version's paragraphs as edits of the version before it (history.json, format 2), and back.
// Pure and free of Node APIs: the browser's compare (scripts/client/compare.ts) expands the
// history it fetches with the same code the build's tests check it against.
//
// The rule (docs/open-data.md): a version's paragraphs are its `paragraph_edits` read in
// order, where a pair of numbers [start, end] stands for the previous version's paragraphs
// start to end - 1 (0-based, as Array.prototype.slice takes them), copied exactly; a string
// stands for itself, a paragraph of this version; and {from, ops} for one paragraph made
// from the previous version's paragraph `from` by reading `ops` in order: a positive number
// n copies its next n characters (UTF-16 code units, as JavaScript counts them), a negative
// number -n skips its next n, a string is inserted, and together the copies and skips take
// the whole old paragraph.

/** A paragraph rewritten in part: the old one (`from`) read through `ops`. */
export interface WordEdit {
  from: number;
  ops: (number | string)[];
}

/** One edit: [start, end) of the previous version's paragraphs, a paragraph of text, or a rewrite. */
export type ParagraphEdit = readonly [number, number] | string | WordEdit;

/** What the diff engine says became of a new paragraph: made from old paragraph `from`. */
export interface EditedParagraph {
  from: number;
  /** The diff engine's segments of this one paragraph (render/change.ts, Block). */
  segments: readonly { op: "equal" | "insert" | "delete"; text: string }[];
}

/** A WordEdit from segments, if it rebuilds `next` from `old` exactly and is shorter. */
function wordEdit(old: string, next: string, edited: EditedParagraph): WordEdit | undefined {
  const ops: (number | string)[] = [];
  for (const s of edited.segments) {
    if (s.text.length === 0) continue;
    const last = ops.at(-1);
    if (s.op === "insert") {
      if (typeof last === "string") ops[ops.length - 1] = last + s.text;
      else ops.push(s.text);
    } else {
      const n = s.op === "equal" ? s.text.length : -s.text.length;
      if (typeof last === "number" && Math.sign(last) === Math.sign(n))
        ops[ops.length - 1] = last + n;
      else ops.push(n);
    }
  }
  const edit = { from: edited.from, ops };
  try {
    if (applyWordEdit(old, edit) !== next) return undefined;
  } catch {
    return undefined;
  }
  return JSON.stringify(edit).length < JSON.stringify(next).length ? edit : undefined;
}

function applyWordEdit(old: string, edit: WordEdit): string {
  let at = 0;
  let out = "";
  for (const op of edit.ops) {
    if (typeof op === "string") out += op;
    else if (Number.isInteger(op) && op !== 0 && at + Math.abs(op) <= old.length) {
      if (op > 0) out += old.slice(at, at + op);
      at += Math.abs(op);
    } else {
      throw new Error(`A word edit reads past paragraph ${edit.from} (${old.length} characters).`);
    }
  }
  if (at !== old.length) {
    throw new Error(`A word edit leaves ${old.length - at} characters of paragraph ${edit.from}.`);
  }
  return out;
}

/**
 * The edits that make `next` from `previous`: runs of paragraphs the previous version already
 * had (exactly, byte for byte) are copied as ranges, every other paragraph is written out.
 * Deterministic: at each paragraph, the longest run starting at the earliest place wins.
 */
export function paragraphEdits(
  previous: readonly string[],
  next: readonly string[],
  /** By new paragraph index: what the diff engine made it from, to write it as a rewrite. */
  edited?: ReadonlyMap<number, EditedParagraph>,
): ParagraphEdit[] {
  const where = new Map<string, number[]>();
  previous.forEach((p, i) => {
    const list = where.get(p);
    if (list) list.push(i);
    else where.set(p, [i]);
  });
  const edits: ParagraphEdit[] = [];
  let k = 0;
  while (k < next.length) {
    const starts = where.get(next[k]!);
    if (!starts) {
      const hint = edited?.get(k);
      const old = hint && previous[hint.from];
      edits.push((old !== undefined && hint && wordEdit(old, next[k]!, hint)) || next[k]!);
      k++;
      continue;
    }
    let bestStart = starts[0]!;
    let bestLength = 0;
    for (const start of starts) {
      let length = 0;
      while (
        start + length < previous.length &&
        k + length < next.length &&
        previous[start + length] === next[k + length]
      ) {
        length++;
      }
      if (length > bestLength) [bestStart, bestLength] = [start, length];
    }
    // The run ended where the two versions part, so the next edit never continues it.
    edits.push([bestStart, bestStart + bestLength]);
    k += bestLength;
  }
  return edits;
}

/** The paragraphs `edits` make from `previous`; throws on a range the previous version lacks. */
export function applyParagraphEdits(
  previous: readonly string[],
  edits: readonly ParagraphEdit[],
): string[] {
  const out: string[] = [];
  for (const edit of edits) {
    if (typeof edit === "string") {
      out.push(edit);
      continue;
    }
    if (!Array.isArray(edit)) {
      const rewrite = edit as WordEdit;
      const old = previous[rewrite.from];
      if (old === undefined) {
        throw new Error(
          `A word edit names paragraph ${rewrite.from} of a version that has ${previous.length}.`,
        );
      }
      out.push(applyWordEdit(old, rewrite));
      continue;
    }
    const [start, end] = edit as readonly [number, number];
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end > previous.length ||
      start >= end
    ) {
      throw new Error(
        `A paragraph edit names paragraphs [${start}, ${end}) of a version that has ${previous.length}.`,
      );
    }
    for (let i = start; i < end; i++) out.push(previous[i]!);
  }
  return out;
}

/** A version in history.json format 2: `paragraphs` for the first, `paragraph_edits` after. */
export interface DeltaVersion {
  number: number;
  paragraphs: string[] | null;
  paragraph_edits: ParagraphEdit[] | null;
}

/** A history with every version's paragraphs written out. */
export type ExpandedHistory<H extends { versions: DeltaVersion[] }> = Omit<H, "versions"> & {
  versions: (Omit<H["versions"][number], "paragraphs"> & { paragraphs: string[] })[];
};

/**
 * Every version's paragraphs in full, from a history in format 2 (or 1, where they already
 * are): the same fields, with `paragraphs` filled in for each version. Pure; the input is not
 * changed.
 */
export function expandHistory<H extends { versions: DeltaVersion[] }>(
  history: H,
): ExpandedHistory<H> {
  let previous: string[] = [];
  const versions = history.versions.map((v, i) => {
    let paragraphs: string[];
    if (v.paragraphs) paragraphs = v.paragraphs;
    else if (v.paragraph_edits && i > 0)
      paragraphs = applyParagraphEdits(previous, v.paragraph_edits);
    else throw new Error(`Version ${v.number} of the history has neither paragraphs nor edits.`);
    previous = paragraphs;
    return { ...v, paragraphs };
  });
  return { ...history, versions } as unknown as ExpandedHistory<H>;
}
