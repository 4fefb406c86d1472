// The full text of one captured version.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderVersion } from "../scripts/render/pages.ts";
import type { VersionPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.version", size: 1, alias: "item" },
  permalink: (d: TemplateData<VersionPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<VersionPage>): string {
  return renderVersion(d.site.model, d.item.articleId, d.item.number);
}
