// The controls above a diff: view (side by side or inline), hiding minor changes, and
// moving between changes. They only work with JavaScript, so they start hidden and the
// reader's script reveals them; without it the page is a plain, complete diff.
import { html, type SafeHtml } from "./html.ts";

/** Site-relative path of the reader's script (bundled from scripts/client/reader.ts). */
export const READER_SCRIPT = "assets/reader.js";

export interface DiffToolsOptions {
  /** Unique on the page: names the radio group. */
  id: string;
  /** Offer to hide minor changes (only when the diff has some). */
  minor: boolean;
}

export function renderDiffTools(options: DiffToolsOptions): SafeHtml {
  return html`<div class="diff-tools" hidden>
    <fieldset class="view-choice">
      <legend>View</legend>
      <label
        ><input type="radio" name="${options.id}-view" value="side" data-view /> Side by side</label
      >
      <label
        ><input type="radio" name="${options.id}-view" value="inline" data-view /> Inline</label
      >
    </fieldset>
    ${
      options.minor
        ? html`<label class="minor-choice"
            ><input type="checkbox" data-hide-minor /> Hide minor changes</label
          >`
        : ""
    }
    <div class="steps" role="group" aria-label="Move between changes">
      <button type="button" data-step="previous" aria-keyshortcuts="k p">↑ Previous change</button>
      <button type="button" data-step="next" aria-keyshortcuts="j n">Next change ↓</button>
      <span class="keys">Keys: <kbd>j</kbd> next, <kbd>k</kbd> previous</span>
    </div>
  </div>`;
}

/**
 * Where the reader's script puts the controls: an empty, hidden element naming what
 * renderDiffTools needs. The controls only work with JavaScript, so the pages leave their
 * markup (0.6 kB on every diff and article page) to the script that makes them work.
 */
export function renderDiffToolsSlot(options: DiffToolsOptions): SafeHtml {
  return html`<div
    class="diff-tools"
    data-tools="${options.id}"
    ${options.minor ? html`data-minor` : ""}
    hidden
  ></div>`;
}

/** True when some block or field of the change is minor (so hiding them means something). */
export function hasMinor(change: {
  blocks: readonly { minor: boolean; kind: string }[];
  fields: readonly { minor: boolean }[];
}): boolean {
  return (
    change.blocks.some((b) => b.minor && b.kind !== "same") || change.fields.some((f) => f.minor)
  );
}
