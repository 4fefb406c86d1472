// sitemap.xml: every page, absolute addresses from the configured site URL.
import type { SiteConfig } from "../site/config.ts";
import { escapeHtml } from "./html.ts";
import { absolute } from "./layout.ts";

export function renderSitemap(config: SiteConfig, paths: readonly string[]): string {
  const urls = paths.map((p) => `<url><loc>${escapeHtml(absolute(config, p))}</loc></url>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}
