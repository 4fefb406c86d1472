// Side by side or inline: the reader's choice, remembered for every diff on the site.
// Without a choice, CSS decides (inline on narrow screens, side by side on wide ones).
import { remember, remembered } from "./dom.ts";

export type View = "side" | "inline";

export const VIEW_KEY = "diff-archive:view";
/** Must match the breakpoint in site.css. */
const NARROW = "(max-width: 50rem)";

function chosen(): View | null {
  const value = remembered(VIEW_KEY);
  return value === "side" || value === "inline" ? value : null;
}

/** The view in effect now: the remembered choice, else what the screen width gives. */
export function currentView(): View {
  return chosen() ?? (window.matchMedia(NARROW).matches ? "inline" : "side");
}

function apply(): void {
  const choice = chosen();
  const root = document.documentElement;
  root.classList.toggle("view-side", choice === "side");
  root.classList.toggle("view-inline", choice === "inline");
  const view = currentView();
  for (const input of document.querySelectorAll<HTMLInputElement>("input[data-view]")) {
    input.checked = input.value === view;
  }
}

export function setupView(): void {
  apply();
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches("input[data-view]")) return;
    if (input.value !== "side" && input.value !== "inline") return;
    remember(VIEW_KEY, input.value);
    apply();
  });
  // Follow the screen while the reader has not chosen (e.g. a phone turned sideways).
  window.matchMedia(NARROW).addEventListener("change", apply);
}

/** Brings controls added later (a comparison rendered in place) in line with the choice. */
export const refreshView = apply;
