// sitemap.xml: the sitemap index, naming every sitemap file (sitemaps.11ty.ts).
import type { ListSite } from "../scripts/build/lists.ts";
import { renderSitemapIndex, SITEMAP_INDEX_PATH } from "../scripts/render/sitemap.ts";

export const data = { permalink: `/${SITEMAP_INDEX_PATH}`, eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return renderSitemapIndex(
    d.site.model.config,
    d.site.pages.sitemaps.map((s) => s.path),
  );
}
