// The side-by-side columns of a paragraph changed in place, made from its inline form.
// The build writes such a row once, inline (render/change.ts, oneCopy): the older side is
// the inline text without its <ins>, the newer without its <del>. This makes the two cells
// the build writes for every other changed row, the same markup, before the inline one,
// which then shows only in the inline view.
const SIDES = [
  ["old", "Before: ", "ins"],
  ["new", "After: ", "del"],
] as const;

/** Gives every one-copy row under `root` its two side-by-side cells. */
export function splitCells(root: ParentNode): void {
  for (const inline of root.querySelectorAll<HTMLElement>(
    ".row.changed > .cell.inline:not(.inline-only)",
  )) {
    for (const [side, heading, other] of SIDES) {
      const cell = document.createElement("div");
      cell.className = `cell ${side} side-only`;
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = heading;
      cell.append(" ", hidden);
      for (const child of inline.childNodes) cell.append(child.cloneNode(true));
      for (const mark of cell.querySelectorAll(other)) mark.remove();
      cell.normalize();
      inline.before(cell);
    }
    inline.classList.add("inline-only");
  }
}
