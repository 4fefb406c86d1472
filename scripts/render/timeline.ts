// How an article evolved: a small chart of the size of each change, the headline's
// history, and the versions table that doubles as the compare-any-two form.
// The chart is inline SVG coloured by site.css (no inline styles: the site runs under a
// strict Content-Security-Policy) and has a text alternative; the table holds its figures.
import type { ArticleEntry, ChangeEntry } from "../site/model.ts";
import { versionPath } from "../site/paths.ts";
import type { SiteConfig } from "../site/config.ts";
import { describeChange, describeWordCounts, renderSegments } from "./change.ts";
import { formatDate, formatDateTime, isoTime, plural } from "./format.ts";
import { html, join, type SafeHtml } from "./html.ts";
import { link } from "./layout.ts";
import { renderSignificanceBrief } from "./accountability.ts";
import { accountOf } from "../site/accountability.ts";

const WIDTH = 600;
const HEIGHT = 120;
const AXIS = HEIGHT / 2;
/** Room above the tallest bar for the headline marker. */
const HEADROOM = 14;
const MAX_BAR = AXIS - HEADROOM - 2;
const MAX_BAR_WIDTH = 36;

function headlineChanged(entry: ChangeEntry): boolean {
  return entry.change.fields.some((f) => f.field === "headline");
}

function time(t: number): SafeHtml {
  return html`<time datetime="${isoTime(t)}">${formatDateTime(t)}</time>`;
}

/** Bar height in chart units: linear, but a change of any size stays visible. */
function barHeight(words: number, largest: number): number {
  if (words === 0 || largest === 0) return 0;
  return Math.max(2, Math.round((words / largest) * MAX_BAR));
}

function caption(entry: ArticleEntry): string {
  const changes = entry.changes;
  const largest = changes.reduce((best, c) =>
    c.change.stats.wordsAdded + c.change.stats.wordsRemoved >
    best.change.stats.wordsAdded + best.change.stats.wordsRemoved
      ? c
      : best,
  );
  const headlines = changes.filter(headlineChanged).length;
  const s = largest.change.stats;
  return [
    `Size of each of the ${plural(changes.length, "change")}, oldest first: words added above the line, words removed below it.`,
    changes.length > 1
      ? `The largest, version ${largest.from} → ${largest.to}, added ${plural(s.wordsAdded, "word")} and removed ${s.wordsRemoved}.`
      : "",
    headlines > 0
      ? `The headline changed ${headlines === 1 ? "once" : `${headlines} times`} (marked ◆).`
      : "The headline never changed.",
    "The table of versions below lists every change.",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The chart of change sizes; nothing for an article with a single version. */
export function renderTimeline(entry: ArticleEntry): SafeHtml {
  const changes = entry.changes;
  if (changes.length === 0) return html``;
  const largest = Math.max(
    1,
    ...changes.map((c) => Math.max(c.change.stats.wordsAdded, c.change.stats.wordsRemoved)),
  );
  const column = WIDTH / changes.length;
  const barWidth = Math.min(MAX_BAR_WIDTH, Math.max(2, column * 0.6));
  const bars = changes.map((c, i) => {
    const x = Math.round((i + 0.5) * column - barWidth / 2);
    const up = barHeight(c.change.stats.wordsAdded, largest);
    const down = barHeight(c.change.stats.wordsRemoved, largest);
    const headline = headlineChanged(c);
    const cx = x + barWidth / 2;
    const marker = headline
      ? html`<path class="headline-mark" d="M${cx} ${AXIS - up - 12}l5 5-5 5-5-5z" />`
      : "";
    const title = `Version ${c.from} → ${c.to}: ${describeWordCounts(c.change)}${headline ? ", headline changed" : ""}`;
    return html`<g class="change${c.change.stats.minorOnly ? " minor" : ""}">
      <title>${title}</title>
      ${up ? html`<rect class="added" x="${x}" y="${AXIS - up}" width="${barWidth}" height="${up}" />` : ""}
      ${down ? html`<rect class="removed" x="${x + 0.75}" y="${AXIS + 0.75}" width="${barWidth - 1.5}" height="${Math.max(0.5, down - 1.5)}" />` : ""}
      ${!up && !down ? html`<rect class="tiny" x="${x}" y="${AXIS - 1}" width="${barWidth}" height="2" />` : ""}
      ${marker}
    </g>`;
  });
  const first = entry.article.versions[0]!;
  const last = entry.article.versions.at(-1)!;
  const id = "timeline-caption";
  return html`<figure class="timeline">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}" focusable="false">
      <line class="axis" x1="0" y1="${AXIS}" x2="${WIDTH}" y2="${AXIS}" />
      ${join(bars, "\n")}
    </svg>
    <p class="timeline-ends" aria-hidden="true">
      <span>${formatDate(first.time)}</span><span>${formatDate(last.time)}</span>
    </p>
    <figcaption id="${id}">${caption(entry)}</figcaption>
  </figure>`;
}

/** Every wording the headline has had, oldest first, each change marked word by word. */
export function renderHeadlineHistory(config: SiteConfig, entry: ArticleEntry): SafeHtml {
  const changed = entry.changes.filter(headlineChanged);
  if (changed.length === 0) return html``;
  const a = entry.article;
  const first = a.versions[0]!;
  return html`<section class="headline-history" aria-labelledby="headline-history-h">
    <h2 id="headline-history-h">How the headline changed</h2>
    <ol>
      <li>
        <p class="meta">
          <a href="${link(config, versionPath(a.source, a.slug, 1))}">Version 1</a>,
          ${time(first.time)}
        </p>
        <p class="headline">${first.headline}</p>
      </li>
      ${changed.map((c) => {
        const field = c.change.fields.find((f) => f.field === "headline")!;
        const v = a.versions[c.to - 1]!;
        return html`<li>
          <p class="meta">
            <a href="${link(config, versionPath(a.source, a.slug, c.to))}">Version ${c.to}</a>,
            ${time(v.time)} · <a href="${link(config, c.path)}">what changed</a>
          </p>
          <div class="headline">${renderSegments(field.segments, "inline")}</div>
        </li>`;
      })}
    </ol>
  </section>`;
}

/**
 * The versions table. Each row links the version and the change that produced it (the
 * no-JavaScript way to read every precomputed diff); with JavaScript, its radio columns
 * pick any two versions to compare in place.
 */
export function renderVersionsTable(
  config: SiteConfig,
  entry: ArticleEntry,
  historyPath: string,
): SafeHtml {
  const a = entry.article;
  const count = a.versions.length;
  const comparable = count > 1;
  const pick = (name: "from" | "to", n: number) => {
    const offered = name === "from" ? n < count : n > 1;
    const checked = name === "from" ? n === count - 1 : n === count;
    return html`<td class="pick ${name} compare-only" hidden>
      ${offered ? html`<input type="radio" name="${name}" value="${n}" aria-label="${name === "from" ? "Compare from" : "Compare to"} version ${n}" ${checked ? html`checked` : ""} />` : ""}
    </td>`;
  };
  const rows = a.versions.map((v, i) => {
    const change = i > 0 ? entry.changes[i - 1] : undefined;
    const headline = change && headlineChanged(change);
    return html`<tr${headline ? html` class="headline-changed"` : ""}>
      <td><a href="${link(config, versionPath(a.source, a.slug, v.number))}">${v.number}</a></td>
      ${comparable ? [pick("from", v.number), pick("to", v.number)] : ""}
      <td>${time(v.time)}</td>
      <td>
        ${v.headline}${headline ? html` <strong class="callout">Headline changed</strong>` : ""}
      </td>
      <td>
        ${
          change
            ? html`<a href="${link(config, change.path)}"
                  >${describeChange(change.change).join(", ")}</a
                >
                <span class="counts">${describeWordCounts(change.change)}</span>
                ${briefOf(entry, change)}`
            : "First seen"
        }
      </td>
    </tr>`;
  });
  const table = html`<table class="versions">
    <thead>
      <tr>
        <th scope="col">#</th>
        ${
          comparable
            ? html`<th scope="col" class="compare-only" hidden>From</th>
                <th scope="col" class="compare-only" hidden>To</th>`
            : ""
        }
        <th scope="col">Captured</th>
        <th scope="col">Headline</th>
        <th scope="col">Change from the version before</th>
      </tr>
    </thead>
    <tbody>
      ${join(rows, "\n")}
    </tbody>
  </table>`;
  if (!comparable) return table;
  return html`<form
      class="compare-form"
      action="#compare"
      method="get"
      data-history="${link(config, historyPath)}"
      data-changes="${link(config, `${entry.path}changes/`)}"
      data-versions="${count}"
    >
      ${table}
      <p class="compare-actions compare-only" hidden>
        <button type="submit">Compare the two selected versions</button>
        <span class="compare-status" role="status"></span>
      </p>
    </form>
    <section id="compare" class="comparison" hidden></section>`;
}

/** One change's label and notices, in one short line. */
export function briefOf(entry: ArticleEntry, change: ChangeEntry): SafeHtml {
  const account = accountOf(entry, change);
  return renderSignificanceBrief(
    account.significance.label,
    account.notices,
    account.withoutNotice,
  );
}
