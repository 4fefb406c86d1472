// Search page extras.
//
// Each source has its own Pagefind bundle (scripts/search/shards.ts). The page loads one of
// its language's bundles and lists the others in `data-merge-bundles`; they are merged into
// the search before it first loads, so one query searches every source of the language. The
// list comes from a data attribute, not an inline script, so the site's CSP holds.

/** The part of Pagefind's component UI (pagefind-component-ui.js, loaded first) used here. */
interface PagefindComponents {
  configureInstance(
    name: string,
    options: { mergeIndex: { bundlePath: string; baseUrl: string }[] },
  ): unknown;
}

const container = document.querySelector<HTMLElement>(".search");

function mergeBundles(root: HTMLElement): void {
  const bundles = (root.dataset.mergeBundles ?? "").split(/\s+/).filter(Boolean);
  if (bundles.length === 0) return;
  const components = (window as { PagefindComponents?: PagefindComponents }).PagefindComponents;
  if (!components) {
    // Without the component UI there is no search to merge into; its own error shows on the page.
    console.error("Pagefind's component UI did not load; only one source would be searched.");
    return;
  }
  // A merged bundle does not inherit the primary's base URL: results would lose the base path.
  const baseUrl = root.dataset.baseUrl ?? "/";
  components.configureInstance("default", {
    mergeIndex: bundles.map((bundlePath) => ({ bundlePath, baseUrl })),
  });
}

// Pagefind's filter dropdowns render as buttons with role="combobox", which takes no name
// from its text, so screen readers announced a nameless control. Each trigger is named after
// its visible label until Pagefind names it itself (it does once a filter is selected:
// "Source, 1 selected").
function nameTriggers(root: ParentNode): void {
  for (const trigger of root.querySelectorAll<HTMLElement>(".pf-dropdown-trigger")) {
    if (trigger.hasAttribute("aria-label") || trigger.hasAttribute("aria-labelledby")) continue;
    const label = trigger.querySelector(".pf-dropdown-trigger-label")?.textContent?.trim();
    if (label) trigger.setAttribute("aria-label", label);
  }
}

if (container) mergeBundles(container);
const root = container ?? document.body;
nameTriggers(root);
new MutationObserver(() => nameTriggers(root)).observe(root, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["aria-label"],
});
