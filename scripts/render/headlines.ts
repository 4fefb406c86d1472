// headlines/: only the changes that rewrote a headline, newest first, old and new wording.
import { headlineChanges } from "../site/headlines.ts";
import type { ListPage, SiteModel } from "../site/model.ts";
import { sourcePath } from "../site/paths.ts";
import { renderSignificanceBrief } from "./accountability.ts";
import { renderSegments } from "./change.ts";
import { formatDateTime, isoTime, plural } from "./format.ts";
import { html, join } from "./html.ts";
import { link, renderPage, renderPager } from "./layout.ts";

export function renderHeadlines(model: SiteModel, page: ListPage): string {
  const c = model.config;
  const all = headlineChanges(model);
  const items = all.slice(page.start, page.end).map((entry) => {
    const article = model.articles.get(entry.articleId)!;
    const to = article.article.versions[entry.to - 1]!;
    const field = entry.change.fields.find((f) => f.field === "headline")!;
    return html`<li class="change-item" lang="${article.source.language}">
      <div class="headline-pair">
        <div class="before">
          <span class="tag">Before</span> ${renderSegments(field.segments, "old")}
        </div>
        <div class="after">
          <span class="tag">After</span> ${renderSegments(field.segments, "new")}
        </div>
      </div>
      <p class="meta">
        <a href="${link(c, sourcePath(article.source.key))}">${article.source.name}</a> ·
        <time datetime="${isoTime(to.time)}">${formatDateTime(to.time)}</time> ·
        <a href="${link(c, entry.path)}">version ${entry.from} → ${entry.to}</a>
      </p>
      ${renderSignificanceBrief(entry.change.significance.label, entry.change.notices, entry.change.withoutNotice)}
    </li>`;
  });
  const content = html`<h1>Headline changes</h1>
    ${
      page.pageNumber === 0
        ? html`<p class="totals">
            ${plural(all.length, "headline change")} across the archive, newest first.
            <a href="${link(c, "")}">All changes</a>
          </p>`
        : html`<p class="totals">
            Archive page ${page.pageNumber}. <a href="${link(c, "")}">All changes</a>
          </p>`
    }
    ${
      items.length === 0
        ? html`<p>No headline has changed yet.</p>`
        : html`<ol class="changes headline-changes">
            ${join(items, "\n")}
          </ol>`
    }
    ${renderPager(c, page, "Pages of headline changes")}`;
  return renderPage(
    c,
    {
      title:
        page.pageNumber === 0
          ? "Headline changes"
          : `Headline changes, archive page ${page.pageNumber}`,
      path: page.path,
      section: "home",
      description: "Every headline the archive saw rewritten, with the old and the new wording.",
    },
    content,
  );
}
