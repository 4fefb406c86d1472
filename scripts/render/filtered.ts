// The pages of changes picked by meaning (site/filters.ts) and the statistics pages: made from
// summaries alone, like the home page.
import { statistics } from "../accountability/index.ts";
import { FILTER_TEXT, filteredChanges, filterFeedPath, statsInput } from "../site/filters.ts";
import type { ListPage, SiteModel } from "../site/model.ts";
import type { StatisticsPage } from "../site/pages.ts";
import { sourcePath } from "../site/paths.ts";
import { renderStatistics } from "./accountability.ts";
import { plural } from "./format.ts";
import { html, join } from "./html.ts";
import { GLOBAL_FEED, link, renderPage, renderPager } from "./layout.ts";
import { changeListItem, filterFeeds, sourceFeed } from "./pages.ts";
import type { FilteredPage } from "../site/pages.ts";

export function renderFiltered(model: SiteModel, item: FilteredPage): string {
  const c = model.config;
  const page: ListPage = item.list;
  const text = FILTER_TEXT[item.filter];
  const source = item.key === undefined ? undefined : model.sourcesByKey.get(item.key)!.source;
  const all = filteredChanges(model, item.filter, item.key);
  const title = `${text.title}${source ? ` at ${source.name}` : ""}`;
  const heading = page.pageNumber === 0 ? title : `${title}, archive page ${page.pageNumber}`;
  const content = html`<h1>${heading}</h1>
    ${
      page.pageNumber === 0
        ? html`<p class="totals">
            ${text.about} ${plural(all.length, "change")}, newest first.
            <a href="${link(c, filterFeedPath(item.filter, item.key))}">Atom feed</a> ·
            <a href="${link(c, source ? sourcePath(source.key) : "")}"
              >All ${source ? `${source.name} articles` : "changes"}</a
            >
          </p>`
        : ""
    }
    ${
      all.length === 0
        ? html`<p>None recorded yet.</p>`
        : html`<ol class="changes">
            ${join(
              all.slice(page.start, page.end).map((e) => changeListItem(model, e, !source)),
              "\n",
            )}
          </ol>`
    }
    ${renderPager(c, page, `Pages of ${title.toLowerCase()}`)}`;
  return renderPage(
    c,
    {
      title: heading,
      path: page.path,
      section: source ? "sources" : "home",
      feeds: source
        ? [...filterFeeds(model, source.key), sourceFeed(source)]
        : [...filterFeeds(model), GLOBAL_FEED],
    },
    content,
  );
}

export function renderStatisticsPage(model: SiteModel, item: StatisticsPage): string {
  const c = model.config;
  const source = item.key === undefined ? undefined : model.sourcesByKey.get(item.key)!;
  const ids = source ? source.articleIds : [...model.articles.keys()];
  const stats = statistics(ids.map((id) => statsInput(model.articles.get(id)!.article)));
  const title = source ? `${source.source.name} in figures` : `${c.title} in figures`;
  const content = html`<h1>${title}</h1>
    <p>
      How often articles change after first capture, how soon, and whether a notice says so. Only
      changes between neighbouring versions count; times are UTC.
    </p>
    ${renderStatistics(stats, source ? source.source.name : "The archive", { id: "stats" })}`;
  return renderPage(
    c,
    {
      title,
      path: item.path,
      section: source ? "sources" : "home",
      feeds: source ? filterFeeds(model, source.source.key) : filterFeeds(model),
    },
    content,
  );
}
