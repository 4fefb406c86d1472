// favicon.ico at the site's root, where browsers and feed readers look for an icon unasked.
// Pages name assets/favicon.svg; this is the same icon as a 16×16 bitmap (render/favicon.ts).
import { faviconIco } from "../scripts/render/favicon.ts";

export const data = { permalink: "/favicon.ico", eleventyExcludeFromCollections: true };

export function render(): string {
  return faviconIco();
}
