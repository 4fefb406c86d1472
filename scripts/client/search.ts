// Search page extras. Pagefind's filter dropdowns render as buttons with role="combobox",
// which takes no name from its text, so screen readers announced a nameless control.
// Each trigger is named after its visible label until Pagefind names it itself
// (it does once a filter is selected: "Source, 1 selected").

function nameTriggers(root: ParentNode): void {
  for (const trigger of root.querySelectorAll<HTMLElement>(".pf-dropdown-trigger")) {
    if (trigger.hasAttribute("aria-label") || trigger.hasAttribute("aria-labelledby")) continue;
    const label = trigger.querySelector(".pf-dropdown-trigger-label")?.textContent?.trim();
    if (label) trigger.setAttribute("aria-label", label);
  }
}

const container = document.querySelector(".search") ?? document.body;
nameTriggers(container);
new MutationObserver(() => nameTriggers(container)).observe(container, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["aria-label"],
});
