// The page static hosts serve for unknown addresses.
import type { PreparedSite } from "../scripts/build/prepare.ts";
import { renderNotFound } from "../scripts/render/pages.ts";

export const data = { permalink: "/404.html", eleventyExcludeFromCollections: true };

export function render(d: { site: PreparedSite }): string {
  return renderNotFound(d.site.model);
}
