// feed.xml: the newest changes across the whole archive (Atom).
import type { ListSite } from "../scripts/build/lists.ts";
import { renderAtom } from "../scripts/feeds/index.ts";
import { GLOBAL_FEED } from "../scripts/render/layout.ts";

export const data = { permalink: `/${GLOBAL_FEED.path}`, eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return renderAtom(d.site.feeds.global);
}
