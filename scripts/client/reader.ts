// The reader's script, on diff and article pages: remembered view, hideable minor changes,
// keyboard and on-page navigation between changes, highlighted shared anchors, and the
// compare-any-two form (whose code is fetched only when the reader uses it).
import { renderDiffTools } from "../render/tools.ts";
import { splitCells } from "./cells.ts";
import { setupMinor } from "./minor.ts";
import { setupSteps } from "./steps.ts";
import { setupView } from "./view.ts";

type CompareModule = typeof import("./compare.ts");

function setupCompare(form: HTMLFormElement): void {
  // The radio columns and the button only work with this script; reveal them now.
  for (const el of form.querySelectorAll<HTMLElement>(".compare-only")) el.hidden = false;
  let loading: Promise<CompareModule> | undefined;
  const load = () => (loading ??= import("./compare.ts"));
  form.addEventListener("change", () => void load(), { once: true });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const compare = await load();
    const pair = compare.pickedPair(form);
    const status = form.querySelector<HTMLElement>(".compare-status");
    if (!pair) {
      if (status) status.textContent = "Pick two different versions to compare.";
      return;
    }
    if (status) status.textContent = "";
    await compare.showComparison(form, pair);
  });
  const count = Number(form.dataset.versions);
  if (location.hash.startsWith("#compare-")) {
    void load().then((compare) => {
      const pair = compare.pairFromHash(location.hash, count);
      if (!pair) return;
      for (const input of form.querySelectorAll<HTMLInputElement>("input[type=radio]")) {
        input.checked = Number(input.value) === (input.name === "from" ? pair.from : pair.to);
      }
      return compare.showComparison(form, pair);
    });
  }
}

/** The view, minor-change and stepping controls, made where the page marks their place. */
function makeTools(): void {
  for (const slot of document.querySelectorAll<HTMLElement>(".diff-tools[data-tools]")) {
    const options = { id: slot.dataset.tools ?? "diff", minor: slot.hasAttribute("data-minor") };
    slot.outerHTML = renderDiffTools(options).value;
  }
}

function start(): void {
  splitCells(document);
  makeTools();
  for (const tools of document.querySelectorAll<HTMLElement>(".diff-tools")) tools.hidden = false;
  setupView();
  setupMinor();
  setupSteps();
  const form = document.querySelector<HTMLFormElement>("form.compare-form");
  if (form) setupCompare(form);
}

start();
