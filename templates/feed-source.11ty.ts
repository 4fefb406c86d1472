// <source>/feed.xml: the newest changes at one source (Atom).
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { renderAtom, sourceChangesFeed } from "../scripts/feeds/index.ts";
import { sourceFeed } from "../scripts/render/pages.ts";
import type { SourceEntry } from "../scripts/site/model.ts";

export const data = {
  pagination: { data: "site.render.sourceFeeds", size: 1, alias: "item" },
  permalink: (d: TemplateData<SourceEntry>) =>
    `/${sourceFeed(d.site.model, d.item.source.key).path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<SourceEntry>): string {
  return renderAtom(sourceChangesFeed(d.site.model, d.item.source.key));
}
