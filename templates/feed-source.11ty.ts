// <source>/feed.xml: the newest changes at one source (Atom).
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderAtom } from "../scripts/feeds/index.ts";
import type { SourceFeedPage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.sourceFeeds", size: 1, alias: "item" },
  permalink: (d: TemplateData<SourceFeedPage>) => `/${d.item.path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<SourceFeedPage>): string {
  return renderAtom(d.site.feeds.sources.get(d.item.key)!);
}
