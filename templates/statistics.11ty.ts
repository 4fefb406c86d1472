// statistics/ and <source>/statistics/: the archive's and each outlet's record in figures.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderStatisticsPage } from "../scripts/render/filtered.ts";
import type { StatisticsPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.statistics", size: 1, alias: "item" },
  permalink: (d: TemplateData<StatisticsPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<StatisticsPage>): string {
  return renderStatisticsPage(d.site.model, d.item);
}
