// The search page: Pagefind's component UI, configured for the site's base path.
// Pagefind keeps one index per language, so a multilingual archive gets one search page
// per language (listed in site/pages.ts), linked to each other. Each source has its own
// bundle (shards.ts): the page loads the first of its language's bundles and names the others
// in a data attribute, which the page's script (client/search.ts) merges in before the first
// search. No inline script, so the site's Content-Security-Policy holds.
import { html, trusted, type SafeHtml } from "../render/html.ts";
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

// Pagefind's result template language; fields come from the meta each record carries
// (see records.ts). `{{ }}` escapes; `{{+ +}}` is the excerpt's own <mark> markup.
const RESULT_TEMPLATE = `<li class="pf-result">
  <div class="pf-result-card">
    <div class="pf-result-content">
      <p class="pf-result-title">
        <a class="pf-result-link" href="{{ meta.url | default(url) | safeUrl }}">{{ meta.title }}</a>
      </p>
      <p class="pf-result-meta">{{ meta.kind }} · {{ meta.source }} · {{ meta.date }}</p>
      {{#if excerpt}}
      <p class="pf-result-excerpt">{{+ excerpt +}}</p>
      {{/if}}
    </div>
  </div>
</li>`;

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
        <pagefind-config
          bundle-path="${link(c, bundles.primary)}"
          base-url="${c.basePath}"
          lang="${page.lang}"
        ></pagefind-config>
        <div
          class="search"
          lang="${page.lang}"
          data-merge-bundles="${bundles.merged.map((b) => link(c, b)).join(" ")}"
          data-base-url="${c.basePath}"
        >
          <pagefind-input placeholder="Search the archive"></pagefind-input>
          <div class="search-filters">
            <pagefind-filter-dropdown filter="source" label="Source"></pagefind-filter-dropdown>
            <pagefind-filter-dropdown filter="year" label="Year"></pagefind-filter-dropdown>
          </div>
          <pagefind-summary></pagefind-summary>
          <pagefind-results>
            <script type="text/pagefind-template">
              ${trusted(RESULT_TEMPLATE)}
            </script>
          </pagefind-results>
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
      scripts: bundles ? [`${bundles.primary}pagefind-component-ui.js`, "assets/search.js"] : [],
      styles: bundles ? [`${bundles.primary}pagefind-component-ui.css`] : [],
    },
    content,
  );
}
