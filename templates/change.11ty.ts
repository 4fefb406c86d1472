// A diff page: one pair of versions (neighbours, or first → latest).
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderChangePage } from "../scripts/render/pages.ts";
import type { ChangePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.change", size: 1, alias: "item" },
  permalink: (d: TemplateData<ChangePage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<ChangePage>): string {
  return renderChangePage(d.site.model, d.item.id);
}
