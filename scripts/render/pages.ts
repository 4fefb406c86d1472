// One function per kind of page: site model in, complete HTML document out.
import { timeInWords } from "../diff/index.ts";
import type { Source } from "../load/types.ts";
import {
  checkCommand,
  citation,
  jsonlCheckCommand,
  versionSha256,
} from "../accountability/index.ts";
import { accountOf, sinceOf } from "../site/accountability.ts";
import {
  CHANGE_FILTERS,
  FILTER_TEXT,
  filterFeedPath,
  filterPath,
  statisticsPath,
} from "../site/filters.ts";
import type { SiteConfig } from "../site/config.ts";
import type {
  ArticleEntry,
  ArticleHead,
  ChangeEntry,
  ChangeHead,
  ListedChange,
  ListPage,
  SiteModel,
  VersionHead,
} from "../site/model.ts";
import {
  articleFeedPath,
  DATASET_PATH,
  headlinesPath,
  historyPath,
  searchPath,
  sourceFeedPath,
  sourcePath,
  sourcesIndexPath,
  timemapPath,
  versionPath,
} from "../site/paths.ts";
import { describeChange, describeWordCounts, renderBlocks, renderFieldChanges } from "./change.ts";
import { renderEvents } from "./events.ts";
import { formatCount, formatDate, formatDateTime, isoTime, plural } from "./format.ts";
import { html, join, type SafeHtml } from "./html.ts";
import {
  renderCite,
  renderSignificance,
  renderSignificanceBrief,
  renderSince,
} from "./accountability.ts";
import { absolute, GLOBAL_FEED, link, renderPage, renderPager, type FeedLink } from "./layout.ts";
import { renderNote } from "./markdown.ts";
import { briefOf, renderHeadlineHistory, renderTimeline, renderVersionsTable } from "./timeline.ts";
import { hasMinor, READER_SCRIPT, renderDiffToolsSlot } from "./tools.ts";

export function articleFeed(article: ArticleHead): FeedLink {
  return {
    title: `Changes to “${latest(article).headline}”`,
    path: articleFeedPath(article.source, article.slug),
  };
}

/** The article's complete history as open data (docs/open-data.md). */
export function articleHistoryPath(entry: { article: ArticleHead }): string {
  return historyPath(entry.article.source, entry.article.slug);
}

export function sourceFeed(source: Source): FeedLink {
  return { title: `Changes at ${source.name}`, path: sourceFeedPath(source.key) };
}

function latest<V extends VersionHead>(article: { versions: V[] }): V {
  return article.versions[article.versions.length - 1]!;
}

function version<V extends VersionHead>(article: { versions: V[] }, number: number): V {
  return article.versions[number - 1]!;
}

function time(t: number): SafeHtml {
  return html`<time datetime="${isoTime(t)}">${formatDateTime(t)}</time>`;
}

/** A line in a list of changes: which article, what changed, when. */
export function changeListItem(
  model: SiteModel,
  entry: ListedChange,
  showSource: boolean,
): SafeHtml {
  const article = model.articles.get(entry.articleId)!;
  const to = version(article.article, entry.to);
  const c = model.config;
  return html`<li class="change-item" lang="${article.source.language}">
    <h2><a href="${link(c, entry.path)}">${to.headline}</a></h2>
    <p class="meta">
      ${showSource ? html`<a href="${link(c, sourcePath(article.source.key))}">${article.source.name}</a> · ` : ""}${time(to.time)}
      · version ${entry.from} → ${entry.to}
    </p>
    <p class="summary">
      ${describeChange(entry.change).join(" · ")}
      <span class="counts">(${describeWordCounts(entry.change)})</span>
    </p>
    ${renderSignificanceBrief(entry.change.significance.label, entry.change.notices, entry.change.withoutNotice)}
  </li>`;
}

export function renderHome(model: SiteModel, page: ListPage): string {
  const t = model.totals;
  const c = model.config;
  const items = model.latestChanges.slice(page.start, page.end);
  // Totals only on the front page: archive pages then change only when their entries do.
  const content = html`<h1>
      ${page.pageNumber === 0 ? "Latest changes" : `Changes, archive page ${page.pageNumber}`}
    </h1>
    ${
      page.pageNumber === 0
        ? html`<p class="totals">
            ${plural(t.articles, "article")} from ${plural(t.sources, "source")}:
            ${plural(t.versions, "version")} captured, ${plural(t.changes, "change")} recorded.
          </p>`
        : ""
    }
    <p class="browse">
      <a href="${link(c, headlinesPath)}">Browse only headline changes</a> ·
      <a href="${link(c, filterPath("substantive"))}">only substantive and major changes</a> ·
      <a href="${link(c, filterPath("corrections"))}">corrections and updates</a> ·
      <a href="${link(c, filterPath("without-notice"))}">changes without notice</a> ·
      <a href="${link(c, statisticsPath())}">statistics</a>
    </p>
    ${
      c.dataset && page.pageNumber === 0
        ? html`<p class="browse">
            <a href="${link(c, DATASET_PATH)}" type="application/jsonl" download
              >Download the archive as a data set (JSON Lines)</a
            >
          </p>`
        : ""
    }
    ${
      items.length === 0
        ? html`<p>No changes recorded yet.</p>`
        : html`<ol class="changes">
            ${join(
              items.map((e) => changeListItem(model, e, true)),
              "\n",
            )}
          </ol>`
    }
    ${renderPager(c, page, "Pages of changes")}`;
  return renderPage(
    c,
    {
      title: page.pageNumber === 0 ? "Latest changes" : `Changes, archive page ${page.pageNumber}`,
      path: page.path,
      section: "home",
      feeds: [GLOBAL_FEED, ...filterFeeds(model)],
      description:
        "News articles change after publication. This archive keeps every captured version and shows what changed.",
    },
    content,
  );
}

export function renderSourcesIndex(model: SiteModel): string {
  const c = model.config;
  const content = html`<h1>Sources</h1>
    <ul class="sources">
      ${model.sources.map(
        (s) =>
          html`<li>
            <h2><a href="${link(c, s.path)}">${s.source.name}</a></h2>
            <p class="meta">
              ${plural(s.articleIds.length, "article")} · ${plural(s.versionCount, "version")} ·
              ${plural(s.changeCount, "change")}
            </p>
            ${s.source.description ? html`<p>${s.source.description}</p>` : ""}
          </li>`,
      )}
    </ul>`;
  return renderPage(c, { title: "Sources", path: sourcesIndexPath, section: "sources" }, content);
}

export function renderSource(model: SiteModel, key: string, page: ListPage): string {
  const c = model.config;
  const entry = model.sourcesByKey.get(key)!;
  const s = entry.source;
  const ids = entry.articleIds.slice(page.start, page.end);
  const content = html`<h1>${s.name}</h1>
    ${
      page.pageNumber === 0
        ? html`<p class="meta">
              <a href="${s.homepage}" rel="external noopener">${s.homepage}</a> ·
              ${plural(entry.articleIds.length, "article")} ·
              ${plural(entry.versionCount, "version")} · ${plural(entry.changeCount, "change")}
            </p>
            ${s.description ? html`<p>${s.description}</p>` : ""}
            <p class="browse">
              <a href="${link(c, filterPath("corrections", key))}">Corrections and updates</a> ·
              <a href="${link(c, filterPath("without-notice", key))}">changes without notice</a> ·
              <a href="${link(c, statisticsPath(key))}">statistics</a>
            </p>`
        : html`<p class="meta">Archive page ${page.pageNumber}: articles seen less recently.</p>`
    }
    <ol class="articles" lang="${s.language}">
      ${ids.map((id) => {
        const a = model.articles.get(id)!;
        const last = latest(a.article);
        return html`<li>
          <h2><a href="${link(c, a.path)}">${last.headline}</a></h2>
          <p class="meta">
            ${plural(a.article.versions.length, "version")} · last seen
            ${time(last.time)}${a.article.tracking === "stopped" ? " · no longer tracked" : ""}
          </p>
        </li>`;
      })}
    </ol>
    ${renderPager(c, page, `Pages of ${s.name} articles`)}`;
  return renderPage(
    c,
    {
      title: page.pageNumber === 0 ? s.name : `${s.name}, archive page ${page.pageNumber}`,
      path: page.path,
      section: "sources",
      feeds: [sourceFeed(s), ...filterFeeds(model, key), GLOBAL_FEED],
    },
    content,
  );
}

/** The feeds of each filter (filters.ts), the archive's or one source's. */
export function filterFeeds(model: SiteModel, key?: string): FeedLink[] {
  const at = key === undefined ? "" : ` at ${model.sourcesByKey.get(key)!.source.name}`;
  return CHANGE_FILTERS.map((filter) => ({
    title: `${FILTER_TEXT[filter].title}${at}`,
    path: filterFeedPath(filter, key),
  }));
}

/** A change for link previews: "Headline changed · 2 paragraphs edited · 18 March 2024". */
function changeCard(entry: ChangeEntry, to: VersionHead): string {
  return [...describeChange(entry.change), formatDate(to.time)].join(" · ");
}

function changeHeader(a: { versions: VersionHead[] }, entry: ChangeEntry<ChangeHead>): SafeHtml {
  const from = version(a, entry.from);
  const to = version(a, entry.to);
  return html`<p class="when">
      From version ${entry.from}, captured ${time(from.time)}, to version ${entry.to}, captured
      ${time(to.time)}: <strong>${timeInWords(to.time - from.time)}</strong>.
    </p>
    <p class="summary">
      ${describeChange(entry.change).join(" · ")}
      <span class="counts">(${describeWordCounts(entry.change)})</span>
    </p>`;
}

export function renderArticle(entry: ArticleEntry, c: SiteConfig): string {
  const a = entry.article;
  const first = a.versions[0]!;
  const last = latest(a);
  const lastChange = entry.changes[entry.changes.length - 1];
  const content = html`<article lang="${entry.source.language}">
    <h1>${last.headline}</h1>
    <dl class="facts">
      <div>
        <dt>Source</dt>
        <dd><a href="${link(c, sourcePath(entry.source.key))}">${entry.source.name}</a></dd>
      </div>
      <div>
        <dt>Original</dt>
        <dd><a class="url" href="${a.url}" rel="external noopener nofollow">${a.url}</a></dd>
      </div>
      <div>
        <dt>First seen</dt>
        <dd>${time(first.time)}</dd>
      </div>
      <div>
        <dt>Last seen</dt>
        <dd>${time(last.time)}</dd>
      </div>
      <div>
        <dt>Tracking</dt>
        <dd>
          ${a.tracking === "active" ? "Active: still being checked for changes" : "Stopped: will not be checked again"}
        </dd>
      </div>
      <div>
        <dt>Changes</dt>
        <dd>${formatCount(entry.changes.length)} (${plural(a.versions.length, "version")})</dd>
      </div>
    </dl>
    ${renderTimeline(entry)} ${renderEvents(a)}
    ${
      a.note
        ? html`<section class="note" aria-labelledby="note-h">
            <h2 id="note-h">Editor’s note</h2>
            ${renderNote(a.note)}
          </section>`
        : ""
    }
    ${
      lastChange
        ? html`<section class="latest" aria-labelledby="latest-h">
            <h2 id="latest-h">Latest change</h2>
            ${changeHeader(a, lastChange)} ${briefOf(entry, lastChange)}
            ${renderDiffToolsSlot({ id: "latest", minor: hasMinor(lastChange.change) })}
            ${renderFieldChanges(lastChange.change)}
            ${renderBlocks(lastChange.change, { onlyChanged: true })}
            <p>
              <a href="${link(c, lastChange.path)}">See this change in full</a
              >${entry.overall ? html` · <a href="${link(c, entry.overall.path)}">Compare the first and latest versions</a>` : ""}
            </p>
          </section>`
        : html`<p>Only one version has been captured so far: nothing has changed yet.</p>`
    }
    <section aria-labelledby="versions-h">
      <h2 id="versions-h">Versions</h2>
      ${renderVersionsTable(c, entry, articleHistoryPath(entry))}
    </section>
    ${renderHeadlineHistory(c, entry)}
    ${
      a.corrections.length
        ? html`<section aria-labelledby="corrections-h">
            <h2 id="corrections-h">Corrections to this record</h2>
            <ul>
              ${a.corrections.map(
                (k) =>
                  html`<li>
                    ${time(Date.parse(k.date))}: version ${k.version} (${k.fields.join(", ")}):
                    ${k.reason}
                  </li>`,
              )}
            </ul>
          </section>`
        : ""
    }
    <p>
      <a href="${link(c, articleFeed(a).path)}">Follow changes to this article (Atom feed)</a>
      ·
      <a href="${link(c, articleHistoryPath(entry))}" type="application/json"
        >Download its complete history (JSON)</a
      >
    </p>
  </article>`;
  return renderPage(
    c,
    {
      title: last.headline,
      path: entry.path,
      lang: entry.source.language,
      feeds: [articleFeed(a), sourceFeed(entry.source), GLOBAL_FEED],
      timemap: timemapPath(a.source, a.slug),
      scripts: [READER_SCRIPT],
      card: {
        description: lastChange
          ? `${plural(a.versions.length, "version")} · latest change: ${changeCard(lastChange, last)}`
          : `1 version · captured ${formatDate(last.time)} · ${entry.source.name}`,
      },
    },
    content,
  );
}

export function renderChangePage(article: ArticleEntry, entry: ChangeEntry, c: SiteConfig): string {
  const a = article.article;
  const to = version(a, entry.to);
  const index = article.changes.indexOf(entry);
  const previous = index > 0 ? article.changes[index - 1] : undefined;
  const next = index >= 0 ? article.changes[index + 1] : undefined;
  const nav = (label: string) =>
    html`<nav class="change-nav" aria-label="${label}">
      ${previous ? html`<a rel="prev" href="${link(c, previous.path)}">← Previous change (${previous.from} → ${previous.to})</a>` : ""}
      <a href="${link(c, article.path)}">All versions</a>
      ${next ? html`<a rel="next" href="${link(c, next.path)}">Next change (${next.from} → ${next.to}) →</a>` : ""}
    </nav>`;
  const content = html`<article lang="${article.source.language}">
    <p class="breadcrumb">
      <a href="${link(c, sourcePath(article.source.key))}">${article.source.name}</a> ›
      <a href="${link(c, article.path)}">${to.headline}</a>
    </p>
    <h1>What changed between version ${entry.from} and version ${entry.to}</h1>
    ${changeHeader(a, entry)} ${changeAccount(article, entry)}
    ${nav("Other changes to this article")}
    ${renderDiffToolsSlot({ id: "diff", minor: hasMinor(entry.change) })}
    ${renderFieldChanges(entry.change)}
    ${entry.change.fallback ? html`<p class="notice">Some paragraphs were too different to compare word by word; they are shown replaced whole.</p>` : ""}
    <div class="columns" aria-hidden="true">
      <p>Version ${entry.from}</p>
      <p>Version ${entry.to}</p>
    </div>
    ${renderBlocks(entry.change, {
      fold: { versionPage: link(c, versionPath(a.source, a.slug, entry.to)), version: entry.to },
    })}
    ${nav("Other changes to this article, after the diff")} ${citeBlock(article, entry.to, c)}
  </article>`;
  return renderPage(
    c,
    {
      title: `Changes to “${to.headline}” (${entry.from} → ${entry.to})`,
      path: entry.path,
      lang: article.source.language,
      feeds: [articleFeed(a), sourceFeed(article.source), GLOBAL_FEED],
      scripts: [READER_SCRIPT],
      card: { description: changeCard(entry, to) },
    },
    content,
  );
}

export function renderVersion(article: ArticleEntry, number: number, c: SiteConfig): string {
  const a = article.article;
  const v = version(a, number);
  const changeIn = article.changes[number - 2];
  const since = sinceOf(article)[number - 1] ?? [];
  const marked = since.some((s) => s > 1);
  const content = html`<article lang="${article.source.language}">
    <p class="breadcrumb">
      <a href="${link(c, sourcePath(article.source.key))}">${article.source.name}</a> ›
      <a href="${link(c, article.path)}">All versions</a>
    </p>
    <p class="meta">
      Version ${number} of ${a.versions.length}, captured
      ${time(v.time)}${v.archiveUrl ? html` · <a href="${v.archiveUrl}" rel="external noopener nofollow">archived copy</a>` : ""}
    </p>
    <h1>${v.headline}</h1>
    ${v.standfirst ? html`<p class="standfirst">${v.standfirst}</p>` : ""}
    ${v.byline ? html`<p class="byline">${v.byline}</p>` : ""}
    ${marked ? html`<p class="since-note">Paragraphs without a mark stand unchanged since version 1.</p>` : ""}
    <div class="text">
      ${v.paragraphs.map((p, i) => {
        const s = since[i]!;
        const from = s > 1 ? article.changes[s - 2] : undefined;
        // Before the paragraph, not in it: the paragraph's text stays the article's alone.
        return html`${s > 1 ? renderSince(s, from && link(c, from.path)) : ""}
          <p id="p${i + 1}">${p}</p>`;
      })}
    </div>
    <nav class="change-nav" aria-label="Other versions">
      ${number > 1 ? html`<a rel="prev" href="${link(c, versionPath(a.source, a.slug, number - 1))}">← Version ${number - 1}</a>` : ""}
      ${changeIn ? html`<a href="${link(c, changeIn.path)}">What changed from version ${number - 1}</a>` : ""}
      ${number < a.versions.length ? html`<a rel="next" href="${link(c, versionPath(a.source, a.slug, number + 1))}">Version ${number + 1} →</a>` : ""}
    </nav>
    ${citeBlock(article, number, c)}
  </article>`;
  return renderPage(
    c,
    {
      title: `${v.headline} (version ${number})`,
      path: versionPath(a.source, a.slug, number),
      lang: article.source.language,
      feeds: [articleFeed(a), GLOBAL_FEED],
      card: {
        description: `Version ${number} of ${a.versions.length} · captured ${formatDate(v.time)} · ${article.source.name}`,
      },
    },
    content,
  );
}

/** A change's significance, the notices it added, or that a substantive one came without. */
function changeAccount(article: ArticleEntry, entry: ChangeEntry): SafeHtml {
  const account = accountOf(article, entry);
  return renderSignificance(account.significance, account.notices, account.withoutNotice);
}

/**
 * How to recompute a version's hash. history.json holds version 1 whole and later versions as
 * edits, so those are checked from the JSON Lines export: the site's own when it publishes one.
 */
function checkOf(article: ArticleEntry, number: number, c: SiteConfig): string {
  if (c.dataset) return jsonlCheckCommand(article.id, number, absolute(c, DATASET_PATH));
  if (number === 1) return checkCommand(absolute(c, articleHistoryPath(article)), number);
  return jsonlCheckCommand(article.id, number);
}

/** How to cite version `number`: folded, since few readers want it and every version page has it. */
function citeBlock(article: ArticleEntry, number: number, c: SiteConfig): SafeHtml {
  const a = article.article;
  const v = version(a, number);
  const permalink = absolute(c, versionPath(a.source, a.slug, number));
  const sha256 = versionSha256(v);
  return html`<details class="cite-box">
    <summary id="cite-h">Cite this version</summary>
    ${renderCite(
      {
        permalink,
        capturedAt: v.time,
        sha256,
        command: checkOf(article, number, c),
        citation: citation({
          outlet: article.source.name,
          originalUrl: a.url,
          permalink,
          version: v,
          sha256,
        }),
      },
      { heading: false },
    )}
  </details>`;
}

export function renderNotFound(c: SiteConfig): string {
  return renderPage(
    c,
    { title: "Page not found", path: "404.html" },
    html`<h1>Page not found</h1>
      <p>
        There is no page at this address. Articles keep their address for ever, so the link may be
        mistyped.
      </p>
      <p>
        Try the <a href="${link(c, "")}">latest changes</a>, the
        <a href="${link(c, sourcesIndexPath)}">list of sources</a> or
        <a href="${link(c, searchPath)}">search</a>.
      </p>`,
  );
}
