// substantive/, corrections/, without-notice/ and each source's corrections/ and
// without-notice/: changes picked by what they mean for a reader, paginated like home.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderFiltered } from "../scripts/render/filtered.ts";
import type { FilteredPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.filtered", size: 1, alias: "item" },
  permalink: (d: TemplateData<FilteredPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<FilteredPage>): string {
  return renderFiltered(d.site.model, d.item);
}
