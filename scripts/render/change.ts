// Rendering one change (the diff between two versions) as HTML.
// Marks are <ins>/<del> plus text labels, so nothing relies on colour alone.
import {
  PARAGRAPH_BREAK,
  type Block,
  type Change,
  type FieldChange,
  type Segment,
} from "../diff/types.ts";
import { html, join, type SafeHtml } from "./html.ts";
import { plural } from "./format.ts";

type Side = "old" | "new" | "inline";

/** Renders segments as paragraphs for one side; paragraph breaks inside a block start new <p>s. */
export function renderSegments(segments: readonly Segment[], side: Side): SafeHtml {
  const paragraphs: SafeHtml[][] = [[]];
  const push = (part: SafeHtml) => paragraphs[paragraphs.length - 1]!.push(part);
  for (const segment of segments) {
    if (side === "old" && segment.op === "insert") continue;
    if (side === "new" && segment.op === "delete") continue;
    const pieces = segment.text.split(PARAGRAPH_BREAK);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (side !== "inline" || segment.op === "equal") paragraphs.push([]);
        else if (segment.op === "insert") {
          // A break only the new version has: marked, then the paragraph really breaks.
          push(html`<ins class="break" title="paragraph break added">¶</ins>`);
          paragraphs.push([]);
        } else {
          // A break only the old version had: marked, and the text runs on.
          push(html`<del class="break" title="paragraph break removed">¶</del>`);
        }
      }
      if (piece) push(mark(segment.op, piece));
    });
  }
  return join(
    paragraphs.filter((p) => p.length > 0).map((parts) => html`<p>${parts}</p>`),
    "\n",
  );
}

function mark(op: Segment["op"], text: string): SafeHtml {
  if (op === "insert") return html`<ins>${text}</ins>`;
  if (op === "delete") return html`<del>${text}</del>`;
  return html`${text}`;
}

/** What happened to a paragraph, in words (labels on pages and in feeds). */
export const KIND_LABELS: Record<Block["kind"], string> = {
  same: "Unchanged",
  edited: "Edited",
  added: "Added",
  removed: "Removed",
  moved: "Moved",
  split: "Split",
  merged: "Merged",
};

function paragraphRef(indices: readonly number[]): string {
  if (indices.length === 0) return "";
  const first = indices[0]! + 1;
  const last = indices[indices.length - 1]! + 1;
  return first === last ? `¶${first}` : `¶${first}–${last}`;
}

function blockLabel(block: Block): string {
  const where =
    block.kind === "removed"
      ? `was ${paragraphRef(block.old)}`
      : block.kind === "moved"
        ? `${paragraphRef(block.new)}, was ${paragraphRef(block.old)}`
        : block.kind === "merged"
          ? `${paragraphRef(block.new)}, was ${paragraphRef(block.old)}`
          : paragraphRef(block.new);
  const minor = block.minor ? " (minor: whitespace, quotes or punctuation)" : "";
  return `${KIND_LABELS[block.kind]}${minor} · ${where}`;
}

/**
 * One column of a changed row. Changed cells start with "Before:"/"After:" for screen
 * readers.
 */
function cell(side: "old" | "new", content: SafeHtml | null, sideOnly: boolean): SafeHtml {
  const classes = ["cell", side, sideOnly ? "side-only" : "", content ? "" : "empty"]
    .filter(Boolean)
    .join(" ");
  if (!content) return html`<div class="${classes}"></div>`;
  const heading = side === "old" ? "Before" : "After";
  return html`<div class="${classes}">
    <span class="visually-hidden">${heading}: </span>${content}
  </div>`;
}

export function renderBlock(block: Block): SafeHtml {
  if (block.kind === "same") {
    // Written once: side by side it spans both columns (site.css), so an unchanged
    // paragraph is neither copied in the page nor read out twice.
    return html`<div class="row same">
      <div class="cell both">${renderSegments(block.segments, "new")}</div>
    </div>`;
  }
  const classes = `row changed ${block.kind}${block.minor ? " minor" : ""}`;
  const label = html`<p class="label">
    <a class="anchor" href="#${block.anchor}" aria-label="Link to this change">#</a>
    ${blockLabel(block)}
  </p>`;
  if (block.kind === "added") {
    return html`<div class="${classes}" id="${block.anchor}">
      ${label}${cell("old", null, true)}${cell("new", renderSegments(block.segments, "new"), false)}
    </div>`;
  }
  if (block.kind === "removed") {
    return html`<div class="${classes}" id="${block.anchor}">
      ${label}${cell("old", renderSegments(block.segments, "old"), false)}${cell("new", null, true)}
    </div>`;
  }
  if (oneCopy(block)) {
    // Written once, inline; the reader's script makes the two columns from it (splitCells).
    return html`<div class="${classes}" id="${block.anchor}">
      ${label}
      <div class="cell inline">${renderSegments(block.segments, "inline")}</div>
    </div>`;
  }
  return html`<div class="${classes}" id="${block.anchor}">
    ${label}${cell("old", renderSegments(block.segments, "old"), true)}${cell("new", renderSegments(block.segments, "new"), true)}
    <div class="cell inline inline-only">${renderSegments(block.segments, "inline")}</div>
  </div>`;
}

/**
 * A paragraph changed in place (edited, or moved and edited) whose change starts or ends no
 * paragraph: its inline form holds both sides exactly, the older being the inline form
 * without its <ins> and the newer without its <del>. Such a row is written once, inline,
 * and the reader's script makes the side-by-side columns from it (scripts/client/cells.ts):
 * the text of a changed paragraph is not written three times. Without JavaScript the row
 * reads inline on every screen. Split and merged paragraphs keep all three cells.
 */
export function oneCopy(block: Block): boolean {
  return (
    (block.kind === "edited" || block.kind === "moved") &&
    block.old.length === 1 &&
    block.new.length === 1 &&
    block.segments.every((s) => !s.text.includes(PARAGRAPH_BREAK))
  );
}

/** Unchanged paragraphs kept on each side of a change when a diff folds the rest. */
export const FOLD_CONTEXT = 1;
/** Fewer unchanged paragraphs than this between the kept ones are shown, not folded. */
export const FOLD_MINIMUM = 2;

export interface FoldOptions {
  /** Link to the full text of the newer version, whose paragraphs have ids "p1", "p2", …. */
  versionPage: string;
  /** The newer version's number, for the link's words. */
  version: number;
}

export interface BlocksOptions {
  /** Only the changed paragraphs (the article page's latest change). */
  onlyChanged?: boolean;
  /**
   * Fold long runs of unchanged paragraphs into a link to the newer version's full text,
   * keeping FOLD_CONTEXT of them next to every change: every change is still shown with its
   * context, without JavaScript, and the page does not copy the whole article again.
   */
  fold?: FoldOptions;
}

/** A run of unchanged paragraphs left out: how many, which, and where to read them. */
function renderFold(run: readonly Block[], fold: FoldOptions): SafeHtml {
  const first = run[0]!.new[0]!;
  const last = run[run.length - 1]!.new.at(-1)!;
  const count = last - first + 1;
  return html`<div class="row folded">
    <p class="cell both fold">
      <a href="${fold.versionPage}#p${first + 1}"
        >${plural(count, "unchanged paragraph")} (${paragraphRef([first, last])})</a
      >
      in the full text of version ${fold.version}
    </p>
  </div>`;
}

/** The blocks with long runs of unchanged ones folded (BlocksOptions.fold). */
function foldBlocks(blocks: readonly Block[], fold: FoldOptions): SafeHtml[] {
  const out: SafeHtml[] = [];
  let i = 0;
  while (i < blocks.length) {
    if (blocks[i]!.kind !== "same") {
      out.push(renderBlock(blocks[i]!));
      i++;
      continue;
    }
    let end = i;
    while (end < blocks.length && blocks[end]!.kind === "same") end++;
    // Context after the change before the run, and before the change after it.
    const keepStart = i === 0 ? 0 : FOLD_CONTEXT;
    const keepEnd = end === blocks.length ? 0 : FOLD_CONTEXT;
    const hidden = end - i - keepStart - keepEnd;
    if (hidden < FOLD_MINIMUM) {
      for (let k = i; k < end; k++) out.push(renderBlock(blocks[k]!));
    } else {
      for (let k = i; k < i + keepStart; k++) out.push(renderBlock(blocks[k]!));
      out.push(renderFold(blocks.slice(i + keepStart, end - keepEnd), fold));
      for (let k = end - keepEnd; k < end; k++) out.push(renderBlock(blocks[k]!));
    }
    i = end;
  }
  return out;
}

/** The paragraph-aligned body of a change: side by side on wide screens, inline on narrow ones. */
export function renderBlocks(change: Change, options: BlocksOptions = {}): SafeHtml {
  const blocks = options.onlyChanged
    ? change.blocks.filter((b) => b.kind !== "same")
    : change.blocks;
  const rows = options.fold ? foldBlocks(blocks, options.fold) : blocks.map(renderBlock);
  return html`<div class="diff">${rows}</div>`;
}

const FIELD_LABELS: Record<FieldChange["field"], string> = {
  headline: "Headline",
  byline: "Byline",
  standfirst: "Standfirst",
};

/** Headline, byline and standfirst changes: the old and the new wording, one under the other. */
export function renderFieldChanges(change: Change): SafeHtml {
  if (change.fields.length === 0) return html``;
  return html`<dl class="fields">
    ${change.fields.map(
      (f) =>
        html`<div class="field${f.minor ? " minor" : ""}">
          <dt>${FIELD_LABELS[f.field]} ${fieldVerb(f)}</dt>
          <dd>
            ${
              f.before === undefined
                ? ""
                : html`<div class="before">
                    <span class="tag">Before</span>${renderSegments(f.segments, "old")}
                  </div>`
            }${
              f.after === undefined
                ? ""
                : html`<div class="after">
                    <span class="tag">After</span>${renderSegments(f.segments, "new")}
                  </div>`
            }
          </dd>
        </div>`,
    )}
  </dl>`;
}

function fieldVerb(f: FieldChange): string {
  return f.before === undefined ? "added" : f.after === undefined ? "removed" : "changed";
}

/** Short phrases for lists and feed titles: "Headline changed", "2 paragraphs edited", … */
export function describeChange(change: Pick<Change, "fields" | "stats">): string[] {
  const parts: string[] = [];
  for (const f of change.fields) parts.push(`${FIELD_LABELS[f.field]} ${fieldVerb(f)}`);
  const s = change.stats;
  if (s.paragraphsEdited) parts.push(`${plural(s.paragraphsEdited, "paragraph")} edited`);
  if (s.paragraphsAdded) parts.push(`${plural(s.paragraphsAdded, "paragraph")} added`);
  if (s.paragraphsRemoved) parts.push(`${plural(s.paragraphsRemoved, "paragraph")} removed`);
  if (s.paragraphsMoved) parts.push(`${plural(s.paragraphsMoved, "paragraph")} moved`);
  if (s.paragraphsSplit) parts.push(`${plural(s.paragraphsSplit, "paragraph")} split`);
  if (s.paragraphsMerged) parts.push(`${plural(s.paragraphsMerged, "merge")}`);
  if (parts.length === 0) parts.push("Minor edits");
  if (s.minorOnly && parts[0] !== "Minor edits") parts.unshift("Minor edits only");
  const [first, ...rest] = parts;
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest];
}

/** "+45 words, −12 words". */
export function describeWordCounts(change: Pick<Change, "stats">): string {
  return `+${plural(change.stats.wordsAdded, "word")}, −${plural(change.stats.wordsRemoved, "word")}`;
}
