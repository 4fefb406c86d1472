// sitemap.xml: built from the same page list the templates paginate over.
import type { PreparedSite } from "../scripts/build/prepare.ts";
import { renderSitemap } from "../scripts/render/sitemap.ts";
import { allPagePaths } from "../scripts/site/pages.ts";

export const data = { permalink: "/sitemap.xml", eleventyExcludeFromCollections: true };

export function render(d: { site: PreparedSite }): string {
  return renderSitemap(d.site.model.config, allPagePaths(d.site.pages));
}
