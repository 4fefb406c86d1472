// The search page: the project's own search form and results list over Pagefind's JS API
// (client/search.ts), which shows a result only when its text holds the searched words
// (client/search-match.ts). Pagefind keeps one index per language, so a multilingual archive
// gets one search page per language (listed in site/pages.ts), linked to each other. Each
// source has its own bundle (shards.ts): the page names the first of its language's bundles
// and the others in data attributes; the script loads the first and merges the others in.
// No inline script or style, so the site's Content-Security-Policy holds.
import { html, type SafeHtml } from "../render/html.ts";
import { link, renderPage } from "../render/layout.ts";
import type { SiteModel } from "../site/model.ts";
import type { SearchPage } from "../site/pages.ts";
import { searchPath, sourcesIndexPath } from "../site/paths.ts";
import { KIND_CURRENT } from "./records.ts";
import { SEARCH_ROOT, searchBundles } from "./shards.ts";

/** The folder holding every search bundle (one per source, `searchShardPath`), site-relative. */
export const BUNDLE_PATH = SEARCH_ROOT;

/** The language's name in itself ("日本語"), falling back to the tag. */
function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

function otherLanguages(
  model: SiteModel,
  page: SearchPage,
  pages: readonly SearchPage[],
): SafeHtml {
  const others = pages.filter((p) => p.path !== page.path);
  if (others.length === 0) return html``;
  const c = model.config;
  return html`<nav class="search-languages" aria-label="Search in another language">
    <p>
      Each language has its own index. Search in:
      ${others.map(
        (p, i) =>
          html`${i > 0 ? ", " : ""}<a
              href="${link(c, p.path)}"
              hreflang="${p.lang}"
              lang="${p.lang}"
              >${languageName(p.lang)}</a
            >`,
      )}
    </p>
  </nav>`;
}

/** `page` is one of `pages` (every search page, for links between languages). */
export function renderSearchPage(
  model: SiteModel,
  page: SearchPage,
  pages: readonly SearchPage[],
): string {
  const c = model.config;
  const bundles = searchBundles(model, page.lang);
  const intro = html`<h1>Search</h1>
    <p>
      Searches the current text of every article, and every word that was removed from one. A result
      marked “${KIND_CURRENT}” leads to the article as it reads now; one marked “Removed in version
      2 → 3” leads to the change that removed the words. Narrow the results by source or by year.
    </p>`;
  const browse = html`browse the <a href="${link(c, sourcesIndexPath)}">sources</a> or the
    <a href="${link(c, "")}">latest changes</a>`;
  const content = bundles
    ? html`${intro}
        <noscript>
          <p>Search runs in your browser and needs JavaScript. Without it, ${browse}.</p>
        </noscript>
        <form
          class="search"
          role="search"
          hidden
          lang="${page.lang}"
          data-bundle="${link(c, bundles.primary)}"
          data-merge-bundles="${bundles.merged.map((b) => link(c, b)).join(" ")}"
          data-base-url="${c.basePath}"
        >
          <p class="search-field">
            <label for="search-input">Words to find</label>
            <input
              id="search-input"
              type="search"
              name="q"
              autocomplete="off"
              spellcheck="false"
              aria-describedby="search-help"
            />
          </p>
          <p id="search-help" class="search-help">
            Finds the articles whose text holds every word, as written or with the same stem (“talk”
            finds “talks”). Words in quotes, "missile talks", must stand side by side.
          </p>
          <div class="search-filters">
            <p>
              <label for="search-source">Source</label>
              <select id="search-source" name="source">
                <option value="">All sources</option>
              </select>
            </p>
            <p>
              <label for="search-year">Year</label>
              <select id="search-year" name="year">
                <option value="">All years</option>
              </select>
            </p>
          </div>
        </form>
        <div class="search-output" lang="${page.lang}">
          <p class="search-status" role="status" aria-live="polite"></p>
          <div class="search-suggestions" hidden></div>
          <ol class="search-results" aria-label="Results"></ol>
          <p class="search-more-line">
            <button type="button" class="search-more" hidden>More results</button>
          </p>
        </div>
        ${otherLanguages(model, page, pages)}`
    : // An archive with no articles yet has no bundle to load.
      html`${intro}
        <p>The archive has no articles yet, so there is nothing to search.</p>`;
  return renderPage(
    c,
    {
      title: page.path === searchPath ? "Search" : `Search (${languageName(page.lang)})`,
      path: page.path,
      // Pagefind chooses which language's index to load from <html lang>, nothing else.
      lang: page.lang,
      section: "search",
      // pagefind.js is named here too, so that it loads beside the page's script (which
      // imports the same address, the same module) and the link check sees the bundle.
      scripts: bundles ? [`${bundles.primary}pagefind.js`, "assets/search.js"] : [],
    },
    content,
  );
}
