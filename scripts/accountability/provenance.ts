// Paragraph provenance: for every paragraph of every version, since which version its text has
// stood, and which change brought it in — followed along the chain of diffs, oldest first.

import type { Block, Change } from "../diff/types.ts";
import type { Article } from "../load/types.ts";
import { minorKey as minorKeyOf } from "../diff/normalise.ts";

/** Where a paragraph's current text comes from. */
export interface ParagraphOrigin {
  /** The version since which the paragraph has stood unchanged (1 for text from the first version). */
  since: number;
  /**
   * The change that introduced this text, for a link to its block on the diff page
   * (changes/<from>-<to>/#<anchor>); absent when the text dates from version 1.
   */
  change?: { from: number; to: number; anchor: string };
}

/**
 * A block keeps its paragraphs' origins when it changed nothing a reader would call a change:
 * "same"; "moved" with no edit on the way; and, by the rule for minor edits, an "edited" or
 * "moved" block whose difference is only whitespace, quotes or punctuation. Everything else
 * (edited, added, split, merged) starts anew at the newer version.
 */
export function keepsOrigin(block: Block): boolean {
  if (block.kind === "same") return true;
  if (block.kind === "moved")
    return block.segments.every((s) => s.op === "equal") || onlyMinor(block);
  if (block.kind === "edited") return block.minor;
  return false;
}

/** A moved block's edits are never flagged minor by the diff; check its two sides the same way. */
function onlyMinor(block: Block): boolean {
  let before = "";
  let after = "";
  for (const segment of block.segments) {
    if (segment.op !== "insert") before += segment.text;
    if (segment.op !== "delete") after += segment.text;
  }
  return minorKeyOf(before) === minorKeyOf(after);
}

/**
 * For each version (index 0 is version 1), for each paragraph, its origin. `changes[k]` must be
 * diffVersions(versions[k], versions[k + 1]): consecutive, oldest first.
 */
export function paragraphOrigins(
  article: Pick<Article, "versions">,
  changes: readonly Change[],
): ParagraphOrigin[][] {
  const versions = article.versions;
  if (changes.length !== versions.length - 1) {
    throw new Error(
      `expected ${versions.length - 1} changes for ${versions.length} versions, found ${changes.length}`,
    );
  }
  const first = versions[0]!.paragraphs.map((): ParagraphOrigin => ({
    since: versions[0]!.number,
  }));
  const out: ParagraphOrigin[][] = [first];
  changes.forEach((change, k) => {
    const older = out[k]!;
    const from = versions[k]!.number;
    const to = versions[k + 1]!.number;
    const next: (ParagraphOrigin | undefined)[] = new Array(versions[k + 1]!.paragraphs.length);
    for (const block of change.blocks) {
      if (block.new.length === 0) continue;
      if (keepsOrigin(block) && block.old.length === 1 && block.new.length === 1) {
        next[block.new[0]!] = older[block.old[0]!];
      } else {
        for (const j of block.new)
          next[j] = { since: to, change: { from, to, anchor: block.anchor } };
      }
    }
    out.push(
      next.map((origin, j) => {
        if (!origin)
          throw new Error(`change ${from}-${to} leaves paragraph ${j + 1} without a block`);
        return origin;
      }),
    );
  });
  return out;
}

/**
 * For each version, for each paragraph, the version number since which its text has stood
 * unchanged (see paragraphOrigins and keepsOrigin for the rule).
 */
export function provenance(
  article: Pick<Article, "versions">,
  changes: readonly Change[],
): number[][] {
  return paragraphOrigins(article, changes).map((origins) => origins.map((o) => o.since));
}
