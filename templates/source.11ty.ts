// One source's articles, most recently changed first, paginated.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderSource } from "../scripts/render/pages.ts";
import type { SourcePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.source", size: 1, alias: "item" },
  permalink: (d: TemplateData<SourcePage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<SourcePage>): string {
  return renderSource(d.site.model, d.item.key, d.item.list);
}
