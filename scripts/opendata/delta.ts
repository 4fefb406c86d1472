// A version's paragraphs as edits of the version before it (history.json, format 2), and back.
// Pure and free of Node APIs: the browser's compare (scripts/client/compare.ts) expands the
// history it fetches with the same code the build's tests check it against.
//
// The rule (docs/open-data.md): a version's paragraphs are its `paragraph_edits` read in
// order, where a pair of numbers [start, end] stands for the previous version's paragraphs
// start to end - 1 (0-based, as Array.prototype.slice takes them), copied exactly, and a
// string stands for itself, a paragraph of this version.

/** One edit: [start, end) of the previous version's paragraphs, or a paragraph of text. */
export type ParagraphEdit = readonly [number, number] | string;

/**
 * The edits that make `next` from `previous`: runs of paragraphs the previous version already
 * had (exactly, byte for byte) are copied as ranges, every other paragraph is written out.
 * Deterministic: at each paragraph, the longest run starting at the earliest place wins.
 */
export function paragraphEdits(
  previous: readonly string[],
  next: readonly string[],
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
      edits.push(next[k]!);
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
    const [start, end] = edit;
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
