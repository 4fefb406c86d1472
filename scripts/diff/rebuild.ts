// Rebuilding either version from a change: proof that a change is exact, and
// what the browser uses to show a whole version from a diff.

import { PARAGRAPH_BREAK } from "./types.ts";
import type { Change, Segment } from "./types.ts";

export type Side = "old" | "new";

/** The text of one side of some segments: equal + delete for "old", equal + insert for "new". */
export function sideText(segments: readonly Segment[], side: Side): string {
  const skip = side === "old" ? "insert" : "delete";
  let text = "";
  for (const segment of segments) if (segment.op !== skip) text += segment.text;
  return text;
}

/** The paragraphs of the older ("old") or newer ("new") version, in order, exactly as they were. */
export function rebuild(change: Change, side: Side): string[] {
  const paragraphs: string[] = [];
  let count = 0;
  change.blocks.forEach((block, position) => {
    const indices = side === "old" ? block.old : block.new;
    if (indices.length === 0) return;
    const text = sideText(block.segments, side);
    const parts = indices.length === 1 ? [text] : text.split(PARAGRAPH_BREAK);
    if (parts.length !== indices.length) {
      throw new Error(
        `Block ${position} (${block.kind}) lists ${indices.length} ${side} paragraphs but its ${side} text ` +
          `has ${parts.length} parts separated by blank lines; the change is inconsistent, so diff the versions again.`,
      );
    }
    indices.forEach((index, k) => {
      if (paragraphs[index] !== undefined) {
        throw new Error(
          `Paragraph ${index} of the ${side} version appears in two blocks; diff the versions again.`,
        );
      }
      paragraphs[index] = parts[k]!;
      count++;
    });
  });
  if (count !== paragraphs.length) {
    throw new Error(
      `Some paragraphs of the ${side} version are in no block; diff the versions again.`,
    );
  }
  return paragraphs;
}
