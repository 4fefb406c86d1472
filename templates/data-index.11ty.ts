// data/articles.json: every article in the archive, with counts, times and addresses.
import type { PreparedSite } from "../scripts/build/prepare.ts";
import { articlesIndex, INDEX_PATH, toJson } from "../scripts/opendata/index.ts";

export const data = { permalink: `/${INDEX_PATH}`, eleventyExcludeFromCollections: true };

export function render(d: { site: PreparedSite }): string {
  return toJson(articlesIndex(d.site.model));
}
