// Any two versions compared, rendered in place on the article page by the browser.
// Pure and free of Node APIs: the browser bundle calls it with the change it computed
// using the build's own diffVersions, and it marks text up with the build's renderers.
import { timeInWords } from "../diff/time.ts";
import type { Change } from "../diff/types.ts";
import { describeChange, describeWordCounts, renderBlocks, renderFieldChanges } from "./change.ts";
import { formatDateTime, isoTime } from "./format.ts";
import { html, type SafeHtml } from "./html.ts";
import { hasMinor, renderDiffTools } from "./tools.ts";

export interface ComparedVersion {
  number: number;
  /** Milliseconds since the epoch. */
  time: number;
}

export interface ComparisonInput {
  change: Change;
  from: ComparedVersion;
  to: ComparedVersion;
  /** Link to the precomputed page for this pair, when the build wrote one. */
  page?: string;
  /**
   * Link to the newer version's full text: long runs of unchanged paragraphs fold into it,
   * as on a precomputed diff page (change.ts, BlocksOptions.fold). Without it, none fold.
   */
  toPage?: string;
}

/** Anchor prefix for a compared pair, so its anchors never collide with the page's own. */
export function comparisonAnchor(from: number, to: number): string {
  return `compare-${from}-${to}`;
}

/** The same change with every anchor prefixed (the article page already shows "c1", "c2", …). */
export function withAnchorPrefix(change: Change, prefix: string): Change {
  return {
    ...change,
    blocks: change.blocks.map((b) => (b.anchor ? { ...b, anchor: `${prefix}-${b.anchor}` } : b)),
  };
}

function time(t: number): SafeHtml {
  return html`<time datetime="${isoTime(t)}">${formatDateTime(t)}</time>`;
}

export function renderComparison(input: ComparisonInput): SafeHtml {
  const { from, to } = input;
  const change = withAnchorPrefix(input.change, comparisonAnchor(from.number, to.number));
  const identical = change.fields.length === 0 && change.blocks.every((b) => b.kind === "same");
  return html`<h2 id="compare-h" tabindex="-1">
      Version ${from.number} compared with version ${to.number}
    </h2>
    <p class="when">
      From version ${from.number}, captured ${time(from.time)}, to version ${to.number}, captured
      ${time(to.time)}: <strong>${timeInWords(to.time - from.time)}</strong>.
    </p>
    ${
      identical
        ? html`<p class="summary">These two versions are identical.</p>`
        : html`<p class="summary">
              ${describeChange(change).join(" · ")}
              <span class="counts">(${describeWordCounts(change)})</span>
            </p>
            ${input.page ? html`<p><a href="${input.page}">Open this comparison as a page of its own</a></p>` : ""}
            ${renderDiffTools({ id: "compare", minor: hasMinor(change) })}
            ${renderFieldChanges(change)}
            ${change.fallback ? html`<p class="notice">Some paragraphs were too different to compare word by word; they are shown replaced whole.</p>` : ""}
            <div class="columns" aria-hidden="true">
              <p>Version ${from.number}</p>
              <p>Version ${to.number}</p>
            </div>
            ${renderBlocks(
              change,
              input.toPage ? { fold: { versionPage: input.toPage, version: to.number } } : {},
            )}`
    }`;
}
