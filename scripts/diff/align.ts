// Paragraph alignment: the longest common subsequence of paragraph keys, with a
// bounded cost however long the article.

import { diffArrays } from "diff";

/** A pair of positions, old and new, holding the same paragraph key. */
export type Anchor = [oldIndex: number, newIndex: number];

export interface AlignLimits {
  /** Largest number of paragraph insertions plus deletions the exact LCS may explore. */
  maxEditLength: number;
}

/**
 * Aligns two sequences of paragraph ids (equal ids = equal keys). Common prefix
 * and suffix are matched first, the rest by Myers' LCS (jsdiff). When the
 * middle is too different for that within the limits, paragraphs that occur
 * exactly once on each side anchor the alignment instead (patience diff), which
 * costs O(n log n).
 */
export function alignParagraphs(
  before: readonly number[],
  after: readonly number[],
  limits: AlignLimits,
): Anchor[] {
  const anchors: Anchor[] = [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) {
    anchors.push([start, start]);
    start++;
  }
  let endOld = before.length;
  let endNew = after.length;
  const suffix: Anchor[] = [];
  while (endOld > start && endNew > start && before[endOld - 1] === after[endNew - 1]) {
    endOld--;
    endNew--;
    suffix.push([endOld, endNew]);
  }
  const middleOld = before.slice(start, endOld);
  const middleNew = after.slice(start, endNew);
  if (middleOld.length > 0 && middleNew.length > 0) {
    const middle =
      myersAnchors(middleOld, middleNew, limits) ?? patienceAnchors(middleOld, middleNew);
    for (const [i, j] of middle) anchors.push([i + start, j + start]);
  }
  for (let k = suffix.length - 1; k >= 0; k--) anchors.push(suffix[k]!);
  return anchors;
}

function myersAnchors(
  before: number[],
  after: number[],
  limits: AlignLimits,
): Anchor[] | undefined {
  const changes = diffArrays(before, after, {
    maxEditLength: limits.maxEditLength,
  });
  if (changes === undefined) return undefined;
  const anchors: Anchor[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    if (change.added) j += change.count;
    else if (change.removed) i += change.count;
    else for (let n = 0; n < change.count; n++) anchors.push([i++, j++]);
  }
  return anchors;
}

/** Anchors on ids unique on both sides, keeping the longest run that is in order on both. */
export function patienceAnchors(before: readonly number[], after: readonly number[]): Anchor[] {
  const countOld = new Map<number, number>();
  const positionOld = new Map<number, number>();
  before.forEach((id, i) => {
    countOld.set(id, (countOld.get(id) ?? 0) + 1);
    positionOld.set(id, i);
  });
  const countNew = new Map<number, number>();
  for (const id of after) countNew.set(id, (countNew.get(id) ?? 0) + 1);

  const candidates: Anchor[] = [];
  after.forEach((id, j) => {
    if (countOld.get(id) === 1 && countNew.get(id) === 1)
      candidates.push([positionOld.get(id)!, j]);
  });
  return longestIncreasingByOld(candidates);
}

/** Longest subsequence of pairs (already increasing in new index) whose old index also increases. */
function longestIncreasingByOld(pairs: Anchor[]): Anchor[] {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const previous = new Int32Array(pairs.length).fill(-1);
  pairs.forEach(([oldIndex], k) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (pairs[tails[mid]!]![0] < oldIndex) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[k] = tails[low - 1]!;
    tails[low] = k;
  });
  const result: Anchor[] = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1]! : -1; k >= 0; k = previous[k]!)
    result.push(pairs[k]!);
  return result.reverse();
}
