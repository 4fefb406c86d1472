// Compare any two versions, in the browser, on the article page. Loaded on demand: only
// when the reader uses the compare form (or opens a link to a comparison).
// It fetches the article's open-data history and runs the build's own diff engine and
// renderers on it, so the result looks and reads exactly like a precomputed diff page.
import { diffVersions } from "../diff/index.ts";
import type { VersionText } from "../diff/types.ts";
import { expandHistory, type ExpandedHistory } from "../opendata/delta.ts";
import type { ArticleHistoryJson, VersionJson } from "../opendata/shapes.ts";
import { comparisonAnchor, renderComparison } from "../render/comparison.ts";
import { splitCells } from "./cells.ts";
import { announce } from "./dom.ts";
import { refreshMinor } from "./minor.ts";
import { landOnTarget } from "./steps.ts";
import { refreshView } from "./view.ts";

/** A history with every version's paragraphs written out (expandHistory). */
type FullHistory = ExpandedHistory<ArticleHistoryJson>;
type FullVersion = FullHistory["versions"][number];

const histories = new Map<string, Promise<FullHistory>>();

async function fetchHistory(url: string): Promise<FullHistory> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The article's history (${url}) answered ${response.status}.`);
  return expandHistory((await response.json()) as ArticleHistoryJson);
}

function loadHistory(url: string): Promise<FullHistory> {
  let pending = histories.get(url);
  if (!pending) {
    pending = fetchHistory(url);
    pending.catch(() => histories.delete(url));
    histories.set(url, pending);
  }
  return pending;
}

/** The open-data shape back into what the diff engine reads (null means absent). */
function versionText(v: FullVersion): VersionText {
  return {
    headline: v.headline,
    byline: v.byline ?? undefined,
    standfirst: v.standfirst ?? undefined,
    paragraphs: v.paragraphs,
  };
}

/** Which pairs the build wrote pages for: neighbours, and first → latest. */
function precomputed(
  form: HTMLFormElement,
  from: number,
  to: number,
  count: number,
): string | undefined {
  const base = form.dataset.changes;
  if (!base) return undefined;
  return to === from + 1 || (from === 1 && to === count && count > 2)
    ? `${base}${from}-${to}/`
    : undefined;
}

export interface Pair {
  from: number;
  to: number;
}

/** The pair picked in the form, oldest first; undefined when both are the same version. */
export function pickedPair(form: HTMLFormElement): Pair | undefined {
  const data = new FormData(form);
  const a = Number(data.get("from"));
  const b = Number(data.get("to"));
  if (!a || !b || a === b) return undefined;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

/** Renders the comparison of `pair` into the page's comparison section and moves focus to it. */
export async function showComparison(form: HTMLFormElement, pair: Pair): Promise<void> {
  const section = document.getElementById("compare");
  const url = form.dataset.history;
  if (!section || !url) return;
  section.hidden = false;
  section.setAttribute("aria-busy", "true");
  try {
    const data = await loadHistory(url);
    const before = data.versions[pair.from - 1];
    const after = data.versions[pair.to - 1];
    if (!before || !after) throw new Error(`This article has no version ${pair.to}.`);
    const change = diffVersions(versionText(before), versionText(after), {
      language: data.source.language,
    });
    section.innerHTML = renderComparison({
      change,
      from: { number: before.number, time: Date.parse(before.captured_at) },
      to: { number: after.number, time: Date.parse(after.captured_at) },
      page: precomputed(form, pair.from, pair.to, data.versions.length),
      toPage: after.page,
    }).value;
    splitCells(section);
    // Named by its heading only once the heading exists (an empty section has no name).
    section.setAttribute("aria-labelledby", "compare-h");
    section.lang = data.source.language;
    for (const tools of section.querySelectorAll<HTMLElement>(".diff-tools")) tools.hidden = false;
    refreshView();
    refreshMinor();
    const fragment = `#${comparisonAnchor(pair.from, pair.to)}`;
    if (location.hash !== fragment) history.replaceState(history.state, "", fragment);
    section.querySelector<HTMLElement>("#compare-h")?.focus();
    landOnTarget();
  } catch (error) {
    section.textContent = "";
    const message = document.createElement("p");
    message.className = "notice";
    message.textContent = `These versions could not be compared here: ${(error as Error).message} The links in the table still open each precomputed change.`;
    section.append(message);
    announce(message.textContent);
  } finally {
    section.removeAttribute("aria-busy");
  }
}

/** "#compare-2-5" → the pair it names, if the article has those versions. */
export function pairFromHash(hash: string, count: number): Pair | undefined {
  const match = /^#compare-(\d+)-(\d+)(?:-|$)/.exec(hash);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to > count || from >= to) return undefined;
  return { from, to };
}
