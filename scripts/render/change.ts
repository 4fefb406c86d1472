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
 * One column of a row. Changed cells start with "Before:"/"After:" for screen readers;
 * the old copy of an unchanged paragraph is a visual duplicate and hidden from them.
 */
function cell(
  side: "old" | "new",
  content: SafeHtml | null,
  sideOnly: boolean,
  changed = true,
): SafeHtml {
  const classes = ["cell", side, sideOnly ? "side-only" : "", content ? "" : "empty"]
    .filter(Boolean)
    .join(" ");
  if (!content) return html`<div class="${classes}"></div>`;
  if (!changed) {
    return side === "old"
      ? html`<div class="${classes}" aria-hidden="true">${content}</div>`
      : html`<div class="${classes}">${content}</div>`;
  }
  const heading = side === "old" ? "Before" : "After";
  return html`<div class="${classes}">
    <span class="visually-hidden">${heading}: </span>${content}
  </div>`;
}

export function renderBlock(block: Block): SafeHtml {
  if (block.kind === "same") {
    const text = renderSegments(block.segments, "new");
    return html`<div class="row same">
      ${cell("old", text, true, false)}${cell("new", text, false, false)}
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
  return html`<div class="${classes}" id="${block.anchor}">
    ${label}${cell("old", renderSegments(block.segments, "old"), true)}${cell("new", renderSegments(block.segments, "new"), true)}
    <div class="cell inline inline-only">${renderSegments(block.segments, "inline")}</div>
  </div>`;
}

/** The paragraph-aligned body of a change: side by side on wide screens, inline on narrow ones. */
export function renderBlocks(change: Change, options: { onlyChanged?: boolean } = {}): SafeHtml {
  const blocks = options.onlyChanged
    ? change.blocks.filter((b) => b.kind !== "same")
    : change.blocks;
  return html`<div class="diff">${join(blocks.map(renderBlock), "\n")}</div>`;
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
