// How much each change matters, read as a reader would: the label and the reasons given for
// the sample archive's changes, and the spread of labels over the shared corpus.

import assert from "node:assert/strict";
import { test } from "node:test";
import { diffVersions } from "../../scripts/diff/index.ts";
import { significance } from "../../scripts/accountability/index.ts";
import type { Significance } from "../../scripts/accountability/index.ts";
import type { Version } from "../../scripts/load/index.ts";
import { corpusArticles, corpusAvailable, sampleSteps, steps } from "./samples.ts";

const all = await sampleSteps();
const bySlug = (slug: string, from: number): Significance => {
  const step = all.find((s) => s.article.slug === slug && s.before.number === from);
  assert.ok(step, `${slug} ${from}`);
  return significance(step.change, step.before, step.after, { language: step.source?.language });
};

function version(paragraphs: string[], headline = "Council votes on harbour plan"): Version {
  return { number: 1, capturedAt: "2024-01-01T00:00:00Z", time: 0, headline, paragraphs };
}

test("quote style, punctuation and stray spaces are minor and score 0, with the reason", () => {
  for (const from of [1, 2]) {
    const result = bySlug("school-rescue-robot-minor-punctuation", from);
    assert.equal(result.label, "minor");
    assert.equal(result.score, 0);
    assert.deepEqual(result.reasons, ["Only whitespace, quotes or punctuation"]);
  }
  const split = bySlug("vesterra-rail-strike-split-and-merge", 1);
  assert.equal(split.label, "minor");
  assert.deepEqual(split.reasons, ["Only whitespace, quotes or punctuation", "1 paragraph split"]);
});

test("a softened quotation is substantive and says so", () => {
  const result = bySlug("harbour-dredging-overspend-quote-softened", 1);
  assert.equal(result.label, "substantive");
  assert.ok(
    result.reasons.some((r) => /quotations? changed/.test(r)),
    result.reasons.join("; "),
  );
});

test("a corrected figure names the old and new figure", () => {
  const result = bySlug("harbour-dredging-overspend-quote-softened", 2);
  assert.equal(result.label, "substantive");
  assert.equal(result.reasons[0], "Figures changed: 2.3 → 2.1");
  assert.ok(result.reasons.includes("Headline changed"));
});

test("a headline rewritten on its own is substantive", () => {
  const result = bySlug("library-hours-cut-headline-only", 1);
  assert.equal(result.label, "substantive");
  assert.equal(result.reasons[0], "Headline rewritten");
});

test("deleted eyewitness paragraphs are major: paragraphs, the quotation and the name removed", () => {
  const result = bySlug("port-ellery-warehouse-fire-paragraphs-deleted", 1);
  assert.equal(result.label, "major");
  assert.ok(result.reasons.includes("2 paragraphs removed"));
  assert.ok(result.reasons.includes("Quotation removed"));
  assert.ok(
    result.reasons.some((r) => r.startsWith("Names removed: Marta")),
    result.reasons.join("; "),
  );
});

test("the News Sniffer-like rewrite is major, with the share of words it changed", () => {
  const result = bySlug("norland-vesterra-radar-talks-stalled", 1);
  assert.equal(result.label, "major");
  assert.match(result.reasons[0]!, /^\d+% of the words changed$/);
  assert.ok(result.reasons.includes("Headline rewritten"));
});

test("paragraphs only moved are minor-labelled but say they moved", () => {
  const result = bySlug("stadium-vote-paragraphs-moved", 2);
  assert.equal(result.label, "minor");
  assert.ok(result.score > 0);
  assert.deepEqual(result.reasons, ["1 paragraph moved"]);
});

test("names are runs of capitalised words not opening a sentence; weekdays are not names", () => {
  const before = version([
    "The harbour master, Lorna Dabb, said on Monday the work would go ahead.",
  ]);
  const after = version([
    "The harbour master, Fern Atwood, said on Tuesday the work would go ahead.",
  ]);
  const result = significance(diffVersions(before, after), before, after);
  assert.ok(
    result.reasons.includes("Names changed: Lorna Dabb → Fern Atwood"),
    result.reasons.join("; "),
  );
});

test("scores are deterministic, rounded to two decimals, and between 0 and 1", () => {
  for (const step of all) {
    const a = significance(step.change, step.before, step.after, {
      language: step.source?.language,
    });
    const b = significance(step.change, step.before, step.after, {
      language: step.source?.language,
    });
    assert.deepEqual(a, b);
    assert.ok(a.score >= 0 && a.score <= 1);
    assert.equal(Math.round(a.score * 100) / 100, a.score);
    assert.ok(a.reasons.length > 0, `${step.article.slug} ${step.before.number}: no reason`);
  }
});

test("calibration on the shared corpus: every label occurs and minor-only changes score lowest", (t) => {
  const missing = corpusAvailable();
  if (missing) {
    t.skip(`skipped: ${missing}; the corpus lives at ../shared/corpus/ota-terms.jsonl.xz`);
    return;
  }
  const counts = { minor: 0, small: 0, substantive: 0, major: 0 };
  let lowestNonMinorOnly = 1;
  // Every fifth document keeps the test within a minute on a shared machine.
  for (const article of corpusArticles().filter((_, k) => k % 5 === 0)) {
    for (const step of steps(article, undefined)) {
      const result = significance(step.change, step.before, step.after, { language: "en" });
      counts[result.label]++;
      if (step.change.stats.minorOnly) assert.equal(result.score, 0);
      else lowestNonMinorOnly = Math.min(lowestNonMinorOnly, result.score);
    }
  }
  t.diagnostic(`labels over a fifth of the corpus: ${JSON.stringify(counts)}`);
  for (const [label, count] of Object.entries(counts)) assert.ok(count > 0, `no ${label} change`);
  assert.ok(lowestNonMinorOnly > 0);
});
