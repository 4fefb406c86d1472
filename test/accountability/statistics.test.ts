// An outlet's record, as a reader of its statistics page would check it: the figures, and
// charts that carry their figures in text for screen readers, with nothing left unescaped.

import assert from "node:assert/strict";
import { test } from "node:test";
import { HtmlValidate } from "html-validate";
import { statistics } from "../../scripts/accountability/index.ts";
import type { ArticleStatsInput, ChangeSummary } from "../../scripts/accountability/index.ts";
import { renderStatistics } from "../../scripts/render/accountability.ts";

const HOUR = 3_600_000;
// Monday 1 January 2024, 00:00 UTC.
const MONDAY = Date.UTC(2024, 0, 1);

function change(time: number, extra: Partial<ChangeSummary> = {}): ChangeSummary {
  return {
    time,
    headlineChanged: false,
    label: "small",
    notice: false,
    withoutNotice: false,
    ...extra,
  };
}

const articles: ArticleStatsInput[] = [
  { firstCapture: MONDAY, changes: [] },
  {
    firstCapture: MONDAY,
    changes: [
      change(MONDAY + 30 * 60_000, { headlineChanged: true, label: "major", withoutNotice: true }),
    ],
  },
  {
    firstCapture: MONDAY,
    changes: [
      change(MONDAY + 2 * HOUR, { label: "substantive", notice: true }),
      change(MONDAY + 26 * HOUR, { label: "minor" }),
      change(MONDAY + 6 * 24 * HOUR + 23 * HOUR),
    ],
  },
  {
    firstCapture: MONDAY,
    changes: Array.from({ length: 12 }, (_, k) => change(MONDAY + 10 * 24 * HOUR + k * HOUR)),
  },
];

test("the figures: changed share, changes per article, time to first change, shares of changes", () => {
  const s = statistics(articles);
  assert.equal(s.articles, 4);
  assert.equal(s.changedArticles, 3);
  assert.equal(s.changedShare, 0.75);
  assert.equal(s.changes, 16);
  assert.equal(s.changesPerArticle.median, 2);
  assert.deepEqual(
    s.changesPerArticle.buckets.map((b) => [b.label, b.count]),
    [
      ["0", 1],
      ["1", 1],
      ["2", 0],
      ["3–5", 1],
      ["6–10", 0],
      ["11+", 1],
    ],
  );
  assert.equal(s.timeToFirstChange.medianMs, 2 * HOUR);
  assert.deepEqual(
    s.timeToFirstChange.buckets.map((b) => b.count),
    [1, 1, 0, 0, 1, 0],
  );
  assert.equal(s.headlineShare, 1 / 16);
  assert.equal(s.substantiveShare, 2 / 16);
  assert.equal(s.noticeShare, 1 / 16);
  assert.equal(s.withoutNoticeShare, 1 / 16);
  assert.deepEqual(s.labels, { minor: 1, small: 13, substantive: 1, major: 1 });
  assert.equal(s.byHour.length, 24);
  assert.equal(s.byHour[0], 2); // 00:30 Monday, and 00:00 on day 11
  assert.equal(s.byWeekday.length, 7);
  assert.equal(s.byWeekday[0], 2); // Monday
  assert.equal(s.byWeekday[1], 1); // Tuesday 02:00
  assert.equal(s.byWeekday[6], 1); // Sunday 23:00
  assert.equal(
    s.byWeekday.reduce((a, b) => a + b, 0),
    16,
  );
});

test("no articles at all gives zeros, not NaN", () => {
  const s = statistics([]);
  assert.equal(s.changedShare, 0);
  assert.equal(s.changesPerArticle.median, 0);
  assert.equal(s.timeToFirstChange.medianMs, null);
  assert.equal(s.headlineShare, 0);
});

test("a hundred thousand summaries are counted in well under a second", () => {
  const many: ArticleStatsInput[] = Array.from({ length: 100_000 }, (_, k) => ({
    firstCapture: MONDAY,
    changes: Array.from({ length: k % 4 }, (_, j) => change(MONDAY + (k + j) * 60_000)),
  }));
  const start = performance.now();
  const s = statistics(many);
  assert.ok(performance.now() - start < 2000);
  assert.equal(s.changes, 150_000);
  assert.equal(s.changesPerArticle.median, 1.5);
});

test("the charts are SVG images named by their captions, each with a table of its figures", async () => {
  const rendered = renderStatistics(
    statistics(articles),
    "Meridian <Wire> & co in figures",
  ).toString();
  const markup = rendered.replace(/\s+/g, " ").replace(/> </g, "><").replace(/ >/g, ">");
  assert.ok(!markup.includes("<Wire>"));
  assert.ok(markup.includes("Meridian &lt;Wire&gt; &amp; co in figures"));
  assert.ok(!/<script|style=/i.test(markup));
  const svgs = [...markup.matchAll(/<svg [^>]*aria-labelledby="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(svgs.length, 4);
  for (const id of svgs) assert.ok(markup.includes(`id="${id}"`), `caption ${id}`);
  assert.equal((markup.match(/<table/g) ?? []).length, 4);
  assert.match(markup, /<th scope="row">11\+<\/th><td>1<\/td>/);
  assert.match(markup, /<th scope="row">Sun<\/th><td>1<\/td>/);
  assert.match(markup, /Changed after first capture<\/dt><dd>3 \(75%\)/);
  assert.match(markup, /Median time to the first change<\/dt><dd>2 hours/);
  const report = await new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "no-inline-style": "error", "prefer-tbody": "off", "svg-focusable": "off" },
  }).validateString(
    `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>${rendered}</main></body></html>`,
  );
  const messages = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.ruleId}: ${m.message}`),
  );
  assert.deepEqual(
    messages.filter((m) => !m.startsWith("no-trailing-whitespace") && !m.startsWith("void-style")),
    [],
  );
});
