// <source>/<slug>/feed.xml: every change to one article (Atom). Paginated, so ten thousand
// articles are ten thousand small renders rather than one feed plugin call each.
import type { TemplateData } from "../scripts/build/eleventy-types.ts";
import { articleChangesFeed, renderAtom } from "../scripts/feeds/index.ts";
import { articleFeed } from "../scripts/render/pages.ts";
import type { ArticlePage } from "../scripts/site/pages.ts";

export const data = {
  pagination: { data: "site.render.article", size: 1, alias: "item" },
  permalink: (d: TemplateData<ArticlePage>) =>
    `/${articleFeed(d.site.model.articles.get(d.item.id)!).path}`,
  eleventyExcludeFromCollections: true,
};

export function render(d: TemplateData<ArticlePage>): string {
  return renderAtom(articleChangesFeed(d.site.model, d.item.id));
}
