// The page static hosts serve for unknown addresses.
import type { ListSite } from "../scripts/build/lists.ts";
import { renderNotFound } from "../scripts/render/pages.ts";

export const data = { permalink: "/404.html", eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return renderNotFound(d.site.model.config);
}
