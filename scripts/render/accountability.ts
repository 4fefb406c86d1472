// Renderers for the accountability features: an outlet's statistics as static SVG bar charts
// (each with an accessible name and a table of its figures), a version's "Cite this" block,
// and the small badges a change carries (significance, notice). Pure: plain data in, SafeHtml
// out; every value is escaped by the html tag, SVG included. No JavaScript, no inline style:
// bars are coloured by class in site.css.

import type { Notice } from "../accountability/notices.ts";
import { WITHOUT_NOTICE_TEXT } from "../accountability/notices.ts";
import type { Significance } from "../accountability/significance.ts";
import type { Bucket, Stats } from "../accountability/statistics.ts";
import { WEEKDAYS } from "../accountability/statistics.ts";
import type { Citation } from "../accountability/citation.ts";
import { formatCount, formatDateTime, isoTime } from "./format.ts";
import { html, join, type SafeHtml } from "./html.ts";

const CHART_WIDTH = 600;
const CHART_HEIGHT = 160;
const LABEL_ROOM = 28;
const VALUE_ROOM = 16;

export interface ChartOptions {
  /** Unique prefix for the ids inside the chart (aria-labelledby). */
  id: string;
  /** The chart's accessible name and caption, e.g. "Changes per article". */
  title: string;
  /** Header of the table's first column, e.g. "Changes". */
  category: string;
  /** Header of the table's second column (default "Articles"). */
  measure?: string;
  /** Label every nth bar under the chart (all by default); the table always has every row. */
  labelEvery?: number;
}

/**
 * A bar chart of labelled counts: an SVG with role="img" named by its caption, and the same
 * figures as a table (visually hidden, read by screen readers and shown when printing).
 */
export function renderBarChart(buckets: readonly Bucket[], options: ChartOptions): SafeHtml {
  const largest = Math.max(1, ...buckets.map((b) => b.count));
  const column = CHART_WIDTH / Math.max(1, buckets.length);
  const barWidth = Math.max(2, Math.round(column * 0.7));
  const plot = CHART_HEIGHT - LABEL_ROOM - VALUE_ROOM;
  const every = Math.max(1, options.labelEvery ?? 1);
  const captionId = `${options.id}-caption`;
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const measure = options.measure ?? "Articles";
  const bars = buckets.map((bucket, k) => {
    const height =
      bucket.count === 0 ? 0 : Math.max(1, Math.round((bucket.count / largest) * plot));
    const x = Math.round(k * column + (column - barWidth) / 2);
    const y = VALUE_ROOM + plot - height;
    const middle = Math.round(k * column + column / 2);
    return html`<g class="bar">
      <title>${bucket.label}: ${formatCount(bucket.count)} ${measure.toLowerCase()}</title>
      <rect x="${x}" y="${y}" width="${barWidth}" height="${height}" />
      <text class="value" x="${middle}" y="${y - 4}" text-anchor="middle"
        >${formatCount(bucket.count)}</text
      >
      ${k % every === 0 ? html`<text class="category" x="${middle}" y="${CHART_HEIGHT - 8}" text-anchor="middle">${bucket.label}</text>` : ""}
    </g>`;
  });
  return html`<figure class="bar-chart" id="${options.id}">
    <svg
      viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"
      role="img"
      aria-labelledby="${captionId}"
      focusable="false"
    >
      <line
        class="axis"
        x1="0"
        y1="${VALUE_ROOM + plot}"
        x2="${CHART_WIDTH}"
        y2="${VALUE_ROOM + plot}"
      />
      ${join(bars, "\n")}
    </svg>

    <table class="visually-hidden chart-data">
      <caption>
        ${options.title}
      </caption>
      <thead>
        <tr>
          <th scope="col">${options.category}</th>
          <th scope="col">${measure}</th>
        </tr>
      </thead>
      <tbody>
        ${buckets.map(
          (b) =>
            html`<tr>
              <th scope="row">${b.label}</th>
              <td>${formatCount(b.count)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <figcaption id="${captionId}">
      ${options.title} (${formatCount(total)} in all; every figure is also in a table for screen
      readers)
    </figcaption>
  </figure>`;
}

/** "37%" (whole per cent; "under 1%" for a small share that is not zero). */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return "under 1%";
  return `${Math.round(share * 100)}%`;
}

/** "3 hours", "2.5 days": a median delay in words. */
export function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60)
    return `${Math.round(minutes)} ${Math.round(minutes) === 1 ? "minute" : "minutes"}`;
  const hours = minutes / 60;
  if (hours < 48) {
    const h = Math.round(hours * 10) / 10;
    return `${h} ${h === 1 ? "hour" : "hours"}`;
  }
  const days = Math.round((hours / 24) * 10) / 10;
  return `${days} days`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "stats"
  );
}

/**
 * An outlet's (or the archive's) record: key figures, then charts of changes per article, time to
 * the first change, and when changes happen (hour of day and day of week, UTC). `title` names
 * the section ("Meridian Wire in figures"); ids inside are derived from it (or options.id).
 */
export function renderStatistics(
  stats: Stats,
  title: string,
  options: { id?: string } = {},
): SafeHtml {
  const id = options.id ?? `stats-${slug(title)}`;
  const headingId = `${id}-h`;
  const figures: [string, string][] = [
    ["Articles tracked", formatCount(stats.articles)],
    [
      "Changed after first capture",
      `${formatCount(stats.changedArticles)} (${percent(stats.changedShare)})`,
    ],
    ["Changes", formatCount(stats.changes)],
    ["Median changes per article", formatCount(stats.changesPerArticle.median)],
    [
      "Median time to the first change",
      stats.timeToFirstChange.medianMs === null
        ? "no changes"
        : duration(stats.timeToFirstChange.medianMs),
    ],
    ["Changes that rewrote the headline", percent(stats.headlineShare)],
    ["Substantive or major changes", percent(stats.substantiveShare)],
    ["Changes that added a correction or update notice", percent(stats.noticeShare)],
    ["Substantive or major changes with no notice added", percent(stats.withoutNoticeShare)],
  ];
  const hours = stats.byHour.map((count, hour) => ({
    label: String(hour).padStart(2, "0"),
    count,
  }));
  const days = stats.byWeekday.map((count, day) => ({ label: WEEKDAYS[day]!.slice(0, 3), count }));
  return html`<section class="statistics" aria-labelledby="${headingId}">
    <h2 id="${headingId}">${title}</h2>
    <dl class="key-figures">
      ${figures.map(
        ([term, value]) =>
          html`<div>
            <dt>${term}</dt>
            <dd>${value}</dd>
          </div>`,
      )}
    </dl>
    ${renderBarChart(stats.changesPerArticle.buckets, {
      id: `${id}-per-article`,
      title: "Articles by number of changes",
      category: "Changes",
    })}
    ${renderBarChart(stats.timeToFirstChange.buckets, {
      id: `${id}-first-change`,
      title: "Time from first capture to first change",
      category: "Time to first change",
    })}
    ${renderBarChart(hours, {
      id: `${id}-hours`,
      title: "Changes by hour of capture (UTC)",
      category: "Hour (UTC)",
      measure: "Changes",
      labelEvery: 3,
    })}
    ${renderBarChart(days, {
      id: `${id}-weekdays`,
      title: "Changes by day of the week (UTC)",
      category: "Day",
      measure: "Changes",
    })}
  </section>`;
}

export interface CiteBlock {
  /** Absolute, permanent address of the version's page. */
  permalink: string;
  /** Version.time (ms since the epoch). */
  capturedAt: number;
  sha256: string;
  /** checkCommand(historyUrl, number): how to recompute the hash. */
  command: string;
  citation: Citation;
}

/** The "Cite this version" block: where it lives, when it was captured, its hash and how to check it. */
export function renderCite(
  cite: CiteBlock,
  options: {
    id?: string;
    /**
     * False inside a <details> whose <summary id="<id>-h"> names it: no heading of its own, and
     * the command without the sentence that introduces it (the bytes count on every page).
     */
    heading?: boolean;
  } = {},
): SafeHtml {
  const id = options.id ?? "cite";
  const heading = options.heading ?? true;
  // Under the block's own heading, headings of the next level; under a <summary>, which is no
  // heading, labels (a page's headings must not skip a level).
  const label = (text: string) =>
    heading ? html`<h3>${text}</h3>` : html`<p class="cite-label">${text}</p>`;
  return html`<section class="cite" aria-labelledby="${id}-h">
    ${heading ? html`<h2 id="${id}-h">Cite this version</h2>` : ""}
    <dl>
      <div>
        <dt>Permanent address</dt>
        <dd><a href="${cite.permalink}">${cite.permalink}</a></dd>
      </div>
      <div>
        <dt>Captured</dt>
        <dd>
          <time datetime="${isoTime(cite.capturedAt)}">${formatDateTime(cite.capturedAt)}</time>
        </dd>
      </div>
      <div>
        <dt>SHA-256 of its text</dt>
        <dd><code class="hash">${cite.sha256}</code></dd>
      </div>
    </dl>
    ${heading ? html`<p>To check the hash (the text hashed is defined in the archive's documentation):</p>` : ""}
    <pre class="command"><code>${cite.command}</code></pre>
    ${label("Plain text")}
    <pre class="citation-text">${cite.citation.text}</pre>
    ${label("BibTeX")}
    <pre class="citation-bibtex"><code>${cite.citation.bibtex}</code></pre>
  </section>`;
}

const LABEL_TEXT: Record<Significance["label"], string> = {
  minor: "Minor change",
  small: "Small change",
  substantive: "Substantive change",
  major: "Major change",
};

/** A change's significance as a badge with its reasons, and its notice (or the lack of one). */
export function renderSignificance(
  result: Significance,
  notices: readonly Notice[] = [],
  withoutNotice = false,
): SafeHtml {
  return html`<div class="significance ${result.label}">
    <p class="badge">
      <strong>${LABEL_TEXT[result.label]}</strong>
      <span class="score">(score ${result.score.toFixed(2)} of 1)</span>
    </p>
    ${
      result.reasons.length > 0
        ? html`<ul class="reasons">
            ${result.reasons.map((r) => html`<li>${r}</li>`)}
          </ul>`
        : ""
    }
    ${notices.map((n) => html`<p class="notice ${n.kind}"><span class="tag">Notice added</span> ${n.text}</p>`)}
    ${withoutNotice ? html`<p class="no-notice">${WITHOUT_NOTICE_TEXT}.</p>` : ""}
  </div>`;
}

/** "since version 3" for one paragraph, linked to the change that introduced its text. */
export function renderSince(since: number, href: string | undefined): SafeHtml {
  return since === 1 || href === undefined
    ? html`<span class="since">unchanged since version ${since}</span>`
    : html`<a class="since" href="${href}">unchanged since version ${since}</a>`;
}

const NOTICE_TEXT: Record<Notice["kind"], string> = {
  correction: "Correction",
  update: "Update",
  clarification: "Clarification",
  "editors-note": "Editor’s note",
};

/** A change's label and notices in one short line, for lists and the article page. */
export function renderSignificanceBrief(
  label: Significance["label"],
  notices: readonly Notice[],
  withoutNotice: boolean,
): SafeHtml {
  const kinds = [...new Set(notices.map((n) => NOTICE_TEXT[n.kind]))];
  return html`<p class="sig ${label}">
    <strong>${LABEL_TEXT[label]}</strong
    >${kinds.length > 0 ? ` · ${kinds.join(", ")} notice added` : ""}${withoutNotice ? ` · ${WITHOUT_NOTICE_TEXT}` : ""}
  </p>`;
}
