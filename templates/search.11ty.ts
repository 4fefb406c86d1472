// search/ (and search/<lang>/ for each further language): Pagefind's search UI.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderSearchPage } from "../scripts/search/index.ts";
import type { SearchPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.pages.search", size: 1, alias: "item" },
  permalink: (d: TemplateData<SearchPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<SearchPage>): string {
  return renderSearchPage(d.site.model, d.item, d.site.pages.search);
}
