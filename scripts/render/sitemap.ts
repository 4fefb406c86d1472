// The sitemap: sitemap.xml is an index of sitemap files (scripts/site/pages.ts splits the
// pages among them), each listing its pages by absolute address from the configured site URL.
import type { SiteConfig } from "../site/config.ts";
import { isoTime } from "./format.ts";
import { escapeHtml } from "./html.ts";
import { absolute } from "./layout.ts";

const XML = `<?xml version="1.0" encoding="utf-8"?>\n`;
const NS = `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`;

/** Where search engines look first: the index of every sitemap file. */
export const SITEMAP_INDEX_PATH = "sitemap.xml";

/**
 * One sitemap file: the given pages, each with when it last changed (`lastmods`, in the same
 * order, milliseconds since the epoch) where that is known.
 */
export function renderSitemap(
  config: SiteConfig,
  paths: readonly string[],
  lastmods: readonly (number | undefined)[] = [],
): string {
  const urls = paths.map((p, i) => {
    const time = lastmods[i];
    const lastmod = time === undefined ? "" : `<lastmod>${isoTime(time)}</lastmod>`;
    return `<url><loc>${escapeHtml(absolute(config, p))}</loc>${lastmod}</url>`;
  });
  return `${XML}<urlset ${NS}>\n${urls.join("\n")}\n</urlset>\n`;
}

/** The sitemap index: every sitemap file. */
export function renderSitemapIndex(config: SiteConfig, files: readonly string[]): string {
  const entries = files.map(
    (p) => `<sitemap><loc>${escapeHtml(absolute(config, p))}</loc></sitemap>`,
  );
  return `${XML}<sitemapindex ${NS}>\n${entries.join("\n")}\n</sitemapindex>\n`;
}

/** robots.txt: everything may be crawled, and the sitemap index is at this absolute address. */
export function renderRobots(config: SiteConfig): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absolute(config, SITEMAP_INDEX_PATH)}\n`;
}
