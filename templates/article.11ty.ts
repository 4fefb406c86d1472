// An article: facts, versions, and its latest change.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderArticle } from "../scripts/render/pages.ts";
import type { ArticlePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.article", size: 1, alias: "item" },
  permalink: (d: TemplateData<ArticlePage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<ArticlePage>): string {
  return renderArticle(d.site.model, d.item.id);
}
