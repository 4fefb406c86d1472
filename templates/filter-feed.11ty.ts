// substantive.xml, corrections.xml, without-notice.xml, and each source's: Atom feeds of the
// changes each filter picks.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderAtom } from "../scripts/feeds/index.ts";
import type { FilterFeedPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.filterFeeds", size: 1, alias: "item" },
  permalink: (d: TemplateData<FilterFeedPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<FilterFeedPage>): string {
  return renderAtom(d.site.feeds.filtered.get(d.item.path)!);
}
