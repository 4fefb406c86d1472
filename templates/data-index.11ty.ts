// data/articles.json: every article in the archive, with counts, times and addresses.
import type { ListSite } from "../scripts/build/lists.ts";
import { articlesIndex, INDEX_PATH, toJson } from "../scripts/opendata/index.ts";

export const data = { permalink: `/${INDEX_PATH}`, eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return toJson(articlesIndex(d.site.model));
}
