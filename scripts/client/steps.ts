// Moving through the changes of a diff: j/n for the next change, k/p for the previous one,
// or the on-page buttons. Each stop focuses the change's link, highlights it, puts its
// anchor in the address bar (so it can be shared) and says where the reader is.
import { announce, isTyping } from "./dom.ts";
import { minorHidden, showMinor } from "./minor.ts";

const NEXT_KEYS = new Set(["j", "n"]);
const PREVIOUS_KEYS = new Set(["k", "p"]);

/** Changed rows a reader can see now, in reading order. */
function visibleRows(): HTMLElement[] {
  const hideMinor = minorHidden();
  return [...document.querySelectorAll<HTMLElement>(".diff .row.changed[id]")].filter(
    (row) => !row.closest("[hidden]") && !(hideMinor && row.classList.contains("minor")),
  );
}

function labelOf(row: HTMLElement): HTMLElement | null {
  return row.querySelector<HTMLElement>(":scope > .label");
}

/** What the label says, without the "#" of its link. */
function describe(row: HTMLElement): string {
  const label = labelOf(row);
  const anchor = label?.querySelector(".anchor")?.textContent ?? "";
  return (label?.textContent ?? "").replace(anchor, "").replace(/\s+/g, " ").trim();
}

let current: HTMLElement | undefined;

function currentIndex(rows: HTMLElement[]): number {
  const focused = document.activeElement?.closest<HTMLElement>(".row.changed");
  const row = focused ?? current;
  return row ? rows.indexOf(row) : -1;
}

/** The row to go to when the reader has not moved yet: by where the page is scrolled. */
function byPosition(rows: HTMLElement[], step: 1 | -1): HTMLElement | undefined {
  const top = (row: HTMLElement) => labelOf(row)?.getBoundingClientRect().top ?? 0;
  if (step === 1) return rows.find((row) => top(row) > 1);
  return rows.filter((row) => top(row) < -1).pop();
}

export function highlight(row: HTMLElement | undefined): void {
  for (const old of document.querySelectorAll(".row.highlight")) old.classList.remove("highlight");
  row?.classList.add("highlight");
  current = row;
}

export function goTo(row: HTMLElement, rows = visibleRows()): void {
  highlight(row);
  const label = labelOf(row);
  label?.scrollIntoView({ block: "center" });
  label?.querySelector<HTMLElement>(".anchor")?.focus({ preventScroll: true });
  history.replaceState(history.state, "", `#${row.id}`);
  announce(`Change ${rows.indexOf(row) + 1} of ${rows.length}: ${describe(row)}`);
}

export function step(direction: 1 | -1): void {
  const rows = visibleRows();
  if (rows.length === 0) {
    announce("There are no changes to move to.");
    return;
  }
  const index = currentIndex(rows);
  const target = index === -1 ? byPosition(rows, direction) : rows[index + direction];
  if (target) goTo(target, rows);
  else announce(direction === 1 ? "That was the last change." : "That was the first change.");
}

/** A shared link to one change lands on it highlighted, even if minor changes were hidden. */
export function landOnTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const row = id ? document.getElementById(id) : null;
  if (!row?.classList.contains("row")) return;
  if (row.classList.contains("minor") && minorHidden()) showMinor();
  highlight(row);
}

export function setupSteps(): void {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (isTyping(event.target)) return;
    if (event.shiftKey) return;
    const key = event.key;
    if (NEXT_KEYS.has(key)) step(1);
    else if (PREVIOUS_KEYS.has(key)) step(-1);
    else return;
    event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest?.("button[data-step]");
    if (!(button instanceof HTMLButtonElement)) return;
    step(button.dataset.step === "previous" ? -1 : 1);
  });
  landOnTarget();
  window.addEventListener("hashchange", landOnTarget);
}
