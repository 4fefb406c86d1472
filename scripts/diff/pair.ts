// Pairing the removed and added paragraphs between two aligned anchors by what
// they say, not where they stand: edits (1:1), splits (1:n) and merges (n:1).

/** What pairing needs to know about one side's paragraphs; computed lazily by the caller. */
export interface ParagraphSide {
  /** Distinct lower-cased words of paragraph `index`. */
  words(index: number): Set<string>;
  /** Whether paragraph `index` may be joined with others by PARAGRAPH_BREAK and split apart again. */
  joinable(index: number): boolean;
}

/** Paragraphs of the older and newer version that are the same text, rewritten, split or merged. */
export interface Pairing {
  old: number[];
  new: number[];
}

/** Dice coefficient at or above which two texts count as the same paragraph rewritten. */
export const SIMILARITY_THRESHOLD = 0.5;
/** Most paragraphs one paragraph may be split into, or merged from. */
const MAX_PARTS = 4;
/** Largest removed × added table solved at once; bigger gaps are cut into bands. */
const MAX_CELLS = 40_000;

export function intersectionSize(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const word of small) if (large.has(word)) count++;
  return count;
}

/** Dice coefficient of two word sets: 1 for the same words, 0 for none in common. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 1;
  return (2 * intersectionSize(a, b)) / (a.size + b.size);
}

/**
 * Chooses, among the removed paragraphs `olds` and added paragraphs `news` (both
 * in document order), the pairings that keep the most words in common without
 * crossing each other: a weighted LCS where a pair scores the number of words it
 * shares and only pairs at least SIMILARITY_THRESHOLD alike may be made. One old
 * paragraph may pair with 2–4 consecutive new ones (a split) when each part comes
 * from it, and the reverse (a merge).
 */
export function pairBySimilarity(
  olds: readonly number[],
  news: readonly number[],
  oldSide: ParagraphSide,
  newSide: ParagraphSide,
): Pairing[] {
  if (olds.length === 0 || news.length === 0) return [];
  if (olds.length * news.length <= MAX_CELLS) return solve(olds, news, oldSide, newSide);
  // A huge rewrite: solve proportional bands so the cost stays linear. Pairs that
  // would cross a band edge are left for move detection.
  const bands = Math.ceil(Math.sqrt((olds.length * news.length) / MAX_CELLS));
  const pairings: Pairing[] = [];
  for (let b = 0; b < bands; b++) {
    const oldBand = olds.slice(
      Math.floor((b * olds.length) / bands),
      Math.floor(((b + 1) * olds.length) / bands),
    );
    const newBand = news.slice(
      Math.floor((b * news.length) / bands),
      Math.floor(((b + 1) * news.length) / bands),
    );
    pairings.push(...pairBySimilarity(oldBand, newBand, oldSide, newSide));
  }
  return pairings;
}

const SKIP_OLD = 0;
const SKIP_NEW = 1;
const ONE_TO_ONE = 2;
const SPLIT = 3;
const MERGE = 4;

function solve(
  olds: readonly number[],
  news: readonly number[],
  oldSide: ParagraphSide,
  newSide: ParagraphSide,
): Pairing[] {
  const rows = olds.length;
  const cols = news.length;
  const shared = sharedWordCounts(olds, news, oldSide, newSide);
  const width = cols + 1;
  // best[i*width+j]: most shared words pairing olds[i..] with news[j..].
  const best = new Float64Array((rows + 1) * width);
  const choice = new Uint8Array((rows + 1) * width);
  const parts = new Uint8Array((rows + 1) * width);

  for (let i = rows - 1; i >= 0; i--) {
    const oldSize = oldSide.words(olds[i]!).size;
    for (let j = cols - 1; j >= 0; j--) {
      let value = best[(i + 1) * width + j]!;
      let chosen = SKIP_OLD;
      let count = 0;
      if (best[i * width + j + 1]! > value) {
        value = best[i * width + j + 1]!;
        chosen = SKIP_NEW;
      }
      const common = shared[i * cols + j]!;
      // Nothing in common: no edit, and no split or merge that starts here.
      if (common > 0) {
        const newSize = newSide.words(news[j]!).size;
        if ((2 * common) / (oldSize + newSize) >= SIMILARITY_THRESHOLD) {
          const candidate = common + best[(i + 1) * width + j + 1]!;
          if (candidate > value) {
            value = candidate;
            chosen = ONE_TO_ONE;
          }
        }
        const split = bestJoin(
          olds[i]!,
          oldSide,
          news,
          j,
          newSide,
          (k) => shared[i * cols + j + k]!,
        );
        if (split) {
          const candidate = split.shared + best[(i + 1) * width + j + split.parts]!;
          if (candidate > value) {
            value = candidate;
            chosen = SPLIT;
            count = split.parts;
          }
        }
        const merge = bestJoin(
          news[j]!,
          newSide,
          olds,
          i,
          oldSide,
          (k) => shared[(i + k) * cols + j]!,
        );
        if (merge) {
          const candidate = merge.shared + best[(i + merge.parts) * width + j + 1]!;
          if (candidate > value) {
            value = candidate;
            chosen = MERGE;
            count = merge.parts;
          }
        }
      }
      best[i * width + j] = value;
      choice[i * width + j] = chosen;
      parts[i * width + j] = count;
    }
  }

  const pairings: Pairing[] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    const cell = i * width + j;
    switch (choice[cell]) {
      case SKIP_OLD:
        i++;
        break;
      case SKIP_NEW:
        j++;
        break;
      case ONE_TO_ONE:
        pairings.push({ old: [olds[i++]!], new: [news[j++]!] });
        break;
      case SPLIT: {
        const k = parts[cell]!;
        pairings.push({ old: [olds[i]!], new: news.slice(j, j + k) });
        i += 1;
        j += k;
        break;
      }
      case MERGE: {
        const k = parts[cell]!;
        pairings.push({ old: olds.slice(i, i + k), new: [news[j]!] });
        i += k;
        j += 1;
        break;
      }
    }
  }
  return pairings;
}

/**
 * Words shared by every old × new pair, as a rows × cols table, counted through
 * an index of which new paragraphs hold each word, so pairs with nothing in
 * common cost nothing.
 */
function sharedWordCounts(
  olds: readonly number[],
  news: readonly number[],
  oldSide: ParagraphSide,
  newSide: ParagraphSide,
): Int32Array {
  const cols = news.length;
  const holders = new Map<string, number[]>();
  news.forEach((paragraph, j) => {
    for (const word of newSide.words(paragraph)) {
      const list = holders.get(word);
      if (list) list.push(j);
      else holders.set(word, [j]);
    }
  });
  const shared = new Int32Array(olds.length * cols);
  olds.forEach((paragraph, i) => {
    for (const word of oldSide.words(paragraph)) {
      const list = holders.get(word);
      if (list) for (const j of list) shared[i * cols + j]!++;
    }
  });
  return shared;
}

/**
 * The best way to pair the single paragraph `whole` with 2..MAX_PARTS paragraphs
 * of `pieces` starting at `start`, which must be consecutive in the document and
 * each mostly made of `whole`'s words. `sharedWith(k)` is the number of words
 * piece start+k shares with `whole`. Returns the words shared with all parts together.
 */
function bestJoin(
  whole: number,
  wholeSide: ParagraphSide,
  pieces: readonly number[],
  start: number,
  pieceSide: ParagraphSide,
  sharedWith: (k: number) => number,
): { shared: number; parts: number } | undefined {
  if (start + 1 >= pieces.length || !wholeSide.joinable(whole)) return undefined;
  // Cheap test first: every part must be mostly made of the whole's words.
  let count = 0;
  while (count < MAX_PARTS && start + count < pieces.length) {
    const piece = pieces[start + count]!;
    if (count > 0 && piece !== pieces[start + count - 1]! + 1) break;
    if (!pieceSide.joinable(piece)) break;
    if (sharedWith(count) < SIMILARITY_THRESHOLD * pieceSide.words(piece).size) break;
    count++;
  }
  if (count < 2) return undefined;
  const wholeWords = wholeSide.words(whole);
  const union = new Set<string>();
  let shared = 0;
  let found: { shared: number; parts: number } | undefined;
  for (let k = 1; k <= count; k++) {
    for (const word of pieceSide.words(pieces[start + k - 1]!)) {
      if (!union.has(word)) {
        union.add(word);
        if (wholeWords.has(word)) shared++;
      }
    }
    if (k === 1) continue;
    if ((2 * shared) / (wholeWords.size + union.size) < SIMILARITY_THRESHOLD) continue;
    // Prefer more parts only when they bring more shared words.
    if (!found || shared > found.shared) found = { shared, parts: k };
  }
  return found;
}
