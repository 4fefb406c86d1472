// Readable renderings of a change for test expectations: [-deleted-]{+inserted+},
// with ¶ where a paragraph break is.

import { PARAGRAPH_BREAK } from "../../scripts/diff/index.ts";
import type { Block, Change, Segment, VersionText } from "../../scripts/diff/index.ts";

export function renderSegments(segments: readonly Segment[]): string {
  return segments
    .map((s) => (s.op === "equal" ? s.text : s.op === "insert" ? `{+${s.text}+}` : `[-${s.text}-]`))
    .join("")
    .replaceAll(PARAGRAPH_BREAK, "¶");
}

/** One line per block: kind, old → new indices, "minor" when minor, and the rendered text. */
export function renderBlock(block: Block): string {
  const minor = block.minor ? " minor" : "";
  return `${block.kind} ${block.old.join(",") || "-"}→${block.new.join(",") || "-"}${minor}: ${renderSegments(block.segments)}`;
}

export function renderBlocks(change: Change): string[] {
  return change.blocks.map(renderBlock);
}

/** Only the blocks that are not "same". */
export function renderChanges(change: Change): string[] {
  return change.blocks.filter((b) => b.kind !== "same").map(renderBlock);
}

export function version(paragraphs: string[], headline = "Talks resume in Geneva"): VersionText {
  return { headline, paragraphs };
}
