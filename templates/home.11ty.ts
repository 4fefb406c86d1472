// Home: the latest changes across the archive, newest first, paginated.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderHome } from "../scripts/render/pages.ts";
import type { HomePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.home", size: 1, alias: "item" },
  permalink: (d: TemplateData<HomePage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<HomePage>): string {
  return renderHome(d.site.model, d.item.list);
}
