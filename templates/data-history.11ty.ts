// <source>/<slug>/history.json: one article's complete history as open data.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { articleHistory, historyPath, toJson } from "../scripts/opendata/index.ts";
import type { ArticlePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.article", size: 1, alias: "item" },
  permalink: (d: TemplateData<ArticlePage>) =>
    `/${historyPath(d.site.model.articles.get(d.item.id)!)}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<ArticlePage>): string {
  return toJson(articleHistory(d.site.model, d.item.id));
}
