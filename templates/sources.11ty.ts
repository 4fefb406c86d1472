// The index of sources.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderSourcesIndex } from "../scripts/render/pages.ts";

export const data = {
  pagination: { data: "site.pages.sourcesIndex", size: 1, alias: "item" },
  permalink: (d: TemplateData<{ path: string }>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<{ path: string }>): string {
  return renderSourcesIndex(d.site.model);
}
