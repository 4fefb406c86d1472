// _headers: response headers for the hosts that read this file (Cloudflare Pages, Netlify).
// Every page also carries the policy in a <meta> (render/layout.ts); only a header can carry
// frame-ancestors, so this file sends the whole recommended policy (SECURITY.md).
import type { ListSite } from "../scripts/build/lists.ts";
import { renderHeadersFile } from "../scripts/check-site/headers.ts";

export const data = { permalink: "/_headers", eleventyExcludeFromCollections: true };

export function render(d: { site: ListSite }): string {
  return renderHeadersFile(d.site.model.config);
}
