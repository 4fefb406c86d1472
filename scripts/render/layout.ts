// The page shell shared by every HTML page: head, navigation, landmarks, footer.
import type { SiteConfig } from "../site/config.ts";
import type { ListPage } from "../site/model.ts";
import { META_CSP } from "../check-site/csp.ts";
import { searchPath, sourcesIndexPath } from "../site/paths.ts";
import { html, trusted, type SafeHtml } from "./html.ts";

export interface FeedLink {
  title: string;
  /** Site-relative path of the feed. */
  path: string;
}

export interface PageMeta {
  title: string;
  /** Site-relative path of this page ("" for home). */
  path: string;
  /** Language of the page's main text (from the source description); defaults to English. */
  lang?: string;
  description?: string;
  feeds?: FeedLink[];
  /** Site-relative path of the page's TimeMap (an article's page). */
  timemap?: string;
  /** Which navigation entry is current. */
  section?: "home" | "sources" | "search";
  /** Extra attributes for <main>, e.g. what search indexes. */
  mainAttributes?: SafeHtml;
  /** Scripts to load (site-relative), deferred. */
  scripts?: string[];
  /** Extra stylesheets (site-relative), e.g. the search UI's. */
  styles?: string[];
  /**
   * For pages about one article (its page, a version, a change): the Open Graph and Twitter
   * card that link previews show, e.g. "Headline changed · 2 paragraphs edited · 18 March 2024".
   */
  card?: { description: string };
}

/**
 * The policy's own text needs no escaping in a double-quoted attribute (it has quotes of the
 * other kind, which escaping would write as five characters each on every page); checked.
 */
const CSP_META = (() => {
  if (/["&<>]/.test(META_CSP)) throw new Error("The meta Content-Security-Policy needs escaping.");
  return trusted(`<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`);
})();

/** The site's icon (templates/assets); favicon.ico at the root answers browsers that ask there. */
export const FAVICON = "assets/favicon.svg";

/** Site-relative path → link that works under the site's base path. */
export function link(config: SiteConfig, path: string): string {
  return `${config.basePath}${path}`;
}

/** Site-relative path → absolute address (feeds, sitemap, canonical links). */
export function absolute(config: SiteConfig, path: string): string {
  return `${config.url}${path}`;
}

export const GLOBAL_FEED: FeedLink = { title: "All changes", path: "feed.xml" };

export function renderPage(config: SiteConfig, meta: PageMeta, content: SafeHtml): string {
  const feeds = meta.feeds ?? [GLOBAL_FEED];
  const current = (section: PageMeta["section"]) =>
    meta.section === section ? html` aria-current="page"` : html``;
  const title = meta.path === "" ? config.title : `${meta.title} · ${config.title}`;
  return html`<!doctype html>
    <html lang="${meta.lang ?? "en"}">
      <head>
        <meta charset="utf-8" />
        ${CSP_META}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        ${meta.description ? html`<meta name="description" content="${meta.description}" />` : ""}
        <link rel="canonical" href="${absolute(config, meta.path)}" />
        ${meta.card ? renderCard(config, meta, meta.card.description) : ""}
        <link rel="icon" href="${link(config, FAVICON)}" type="image/svg+xml" />
        <link rel="stylesheet" href="${link(config, "assets/site.css")}" />
        ${(meta.styles ?? []).map((s) => html`<link rel="stylesheet" href="${link(config, s)}" /> `)}
        ${meta.timemap ? html`<link rel="timemap" type="application/link-format" href="${link(config, meta.timemap)}" /> ` : ""}${feeds.map((f) => html`<link rel="alternate" type="application/atom+xml" title="${f.title}" href="${link(config, f.path)}" /> `)}${(meta.scripts ?? []).map((s) => html`<script type="module" src="${link(config, s)}"></script> `)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="${link(config, "")}">${config.title}</a></p>
          <nav aria-label="Site">
            <ul>
              <li><a href="${link(config, "")}" ${current("home")}>Latest changes</a></li>
              <li><a href="${link(config, sourcesIndexPath)}" ${current("sources")}>Sources</a></li>
              <li><a href="${link(config, searchPath)}" ${current("search")}>Search</a></li>
            </ul>
          </nav>
        </header>
        <main id="main" ${meta.mainAttributes ?? ""}>${content}</main>
        <footer class="site-footer">
          <p>
            Every captured version of every article, and exactly what changed.
            <a href="${link(config, GLOBAL_FEED.path)}">Feed of all changes</a>.
          </p>
        </footer>
      </body>
    </html> `.value;
}

/** Open Graph and Twitter card metadata: what a link preview of the page shows. */
function renderCard(config: SiteConfig, meta: PageMeta, description: string): SafeHtml {
  return html`<meta property="og:type" content="article" />
    <meta property="og:site_name" content="${config.title}" />
    <meta property="og:title" content="${meta.title}" />
    <meta property="og:description" content="${description}" />
    <meta property="og:url" content="${absolute(config, meta.path)}" />
    <meta name="twitter:card" content="summary" />`;
}

/**
 * Newer/older links between the pages of a list. Archive pages are numbered from the oldest
 * (their entries never move, so neither do links to them); the front page has no number.
 */
export function renderPager(config: SiteConfig, page: ListPage, label: string): SafeHtml {
  if (page.previousPath === undefined && page.nextPath === undefined) return html``;
  return html`<nav class="pager" aria-label="${label}">
    ${page.previousPath !== undefined ? html`<a rel="prev" href="${link(config, page.previousPath)}">← Newer</a>` : ""}
    <span>${page.pageNumber === 0 ? "Latest" : `Archive page ${page.pageNumber}`}</span>
    ${page.nextPath !== undefined ? html`<a rel="next" href="${link(config, page.nextPath)}">Older →</a>` : ""}
  </nav>`;
}
