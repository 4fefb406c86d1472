// Choosing which matched paragraphs stay in place: the heaviest set of matches
// that do not cross, found in O(k log n) like a longest increasing subsequence.

/** Weights compare element by element, first element first. */
export type Weight = readonly number[];

export interface InPlaceCandidate {
  oldFirst: number;
  oldLast: number;
  /** Matches cover disjoint, contiguous runs of new paragraphs; this is where the run starts. */
  newFirst: number;
  weight: Weight;
}

function compare(a: Weight, b: Weight): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sum(a: Weight, b: Weight): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, k) => (a[k] ?? 0) + (b[k] ?? 0));
}

/**
 * The subset of `matches` with the greatest total weight in which both old and
 * new positions increase together. `oldLength` bounds the old positions.
 */
export function heaviestNonCrossing<T extends InPlaceCandidate>(
  matches: readonly T[],
  oldLength: number,
): T[] {
  const order = matches
    .map((_, k) => k)
    .sort((a, b) => matches[a]!.newFirst - matches[b]!.newFirst);
  // Fenwick tree over old positions: the best chain ending at or before a position.
  const treeWeight: Weight[] = Array.from({ length: oldLength + 1 }, () => []);
  const treeMatch = new Int32Array(oldLength + 1).fill(-1);
  const previous = new Int32Array(matches.length).fill(-1);
  const total: Weight[] = new Array<Weight>(matches.length);

  const query = (position: number): { weight: Weight; match: number } => {
    let weight: Weight = [];
    let match = -1;
    for (let p = position + 1; p > 0; p -= p & -p) {
      if (treeMatch[p]! >= 0 && compare(treeWeight[p]!, weight) > 0) {
        weight = treeWeight[p]!;
        match = treeMatch[p]!;
      }
    }
    return { weight, match };
  };
  const update = (position: number, weight: Weight, match: number): void => {
    for (let p = position + 1; p <= oldLength; p += p & -p) {
      if (treeMatch[p]! < 0 || compare(weight, treeWeight[p]!) > 0) {
        treeWeight[p] = weight;
        treeMatch[p] = match;
      }
    }
  };

  for (const k of order) {
    const match = matches[k]!;
    const before = query(match.oldFirst - 1);
    total[k] = sum(before.weight, match.weight);
    previous[k] = before.match;
    update(match.oldLast, total[k]!, k);
  }
  const chosen: T[] = [];
  for (let k = query(oldLength - 1).match; k >= 0; k = previous[k]!) chosen.push(matches[k]!);
  return chosen.reverse();
}
