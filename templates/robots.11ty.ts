// robots.txt: every page may be crawled; the sitemap index says where they all are.
import type { ListSite } from "../scripts/build/lists.ts";
import { renderRobots } from "../scripts/render/sitemap.ts";

export const data = { permalink: "/robots.txt", eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return renderRobots(d.site.model.config);
}
