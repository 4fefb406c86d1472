// feed.xml: the newest changes across the whole archive (Atom).
import type { PreparedSite } from "../scripts/build/prepare.ts";
import { globalFeed, renderAtom } from "../scripts/feeds/index.ts";
import { GLOBAL_FEED } from "../scripts/render/layout.ts";

export const data = { permalink: `/${GLOBAL_FEED.path}`, eleventyExcludeFromCollections: true };

export function render(d: { site: PreparedSite }): string {
  return renderAtom(globalFeed(d.site.model));
}
