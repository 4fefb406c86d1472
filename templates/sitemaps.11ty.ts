// sitemap-pages.xml and <source>/sitemap.xml: every page, built from the same page lists the
// templates paginate over (an incremental build renders those whose pages changed).
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderSitemap } from "../scripts/render/sitemap.ts";
import type { SitemapPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.sitemaps", size: 1, alias: "item" },
  permalink: (d: TemplateData<SitemapPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<SitemapPage>): string {
  return renderSitemap(d.site.model.config, d.item.pages, d.item.lastmods);
}
