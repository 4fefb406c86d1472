// Minor changes (whitespace, quote style, punctuation only) are dimmed; readers may hide them.
import { remember, remembered } from "./dom.ts";

export const MINOR_KEY = "diff-archive:hide-minor";

export function minorHidden(): boolean {
  return document.documentElement.classList.contains("hide-minor");
}

function apply(hidden: boolean): void {
  document.documentElement.classList.toggle("hide-minor", hidden);
  for (const input of document.querySelectorAll<HTMLInputElement>("input[data-hide-minor]")) {
    input.checked = hidden;
  }
}

export function setupMinor(): void {
  apply(remembered(MINOR_KEY) === "yes");
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches("input[data-hide-minor]")) return;
    remember(MINOR_KEY, input.checked ? "yes" : null);
    apply(input.checked);
  });
}

/** Shows minor changes again, e.g. when a shared link points at one. */
export function showMinor(): void {
  apply(false);
}

export const refreshMinor = (): void => apply(minorHidden());
