// headlines/: only the changes that rewrote a headline, paginated like the home page.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderHeadlines } from "../scripts/render/headlines.ts";
import type { HomePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.headlines", size: 1, alias: "item" },
  permalink: (d: TemplateData<HomePage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<HomePage>): string {
  return renderHeadlines(d.site.model, d.item.list);
}
