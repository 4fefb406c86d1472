// The `_headers` file at the site's root: the recommended response headers (SECURITY.md) for
// hosts that read one (Cloudflare Pages, Netlify), for every address under the site's path.
import type { SiteConfig } from "../site/config.ts";
import { TIMEMAP_TYPE } from "../accountability/memento.ts";
import { RECOMMENDED_CSP } from "./csp.ts";

export const RECOMMENDED_HEADERS: readonly (readonly [string, string])[] = [
  ["Content-Security-Policy", RECOMMENDED_CSP],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
];

export function renderHeadersFile(config: SiteConfig): string {
  const lines = RECOMMENDED_HEADERS.map(([name, value]) => `  ${name}: ${value}`);
  // Articles' TimeMaps (RFC 7089) in the type Memento clients ask for.
  const timemaps = `${config.basePath}:source/:slug/timemap.link\n  Content-Type: ${TIMEMAP_TYPE}\n`;
  return `${config.basePath}*\n${lines.join("\n")}\n${timemaps}`;
}
