// The badges a change carries and the "since" mark on a paragraph, as a reader sees them.

import assert from "node:assert/strict";
import { test } from "node:test";
import { renderSignificance, renderSince } from "../../scripts/render/accountability.ts";

const flat = (markup: { toString(): string }): string => markup.toString().replace(/\s+/g, " ");

test("a major change shows its label, score, reasons, and that no notice was added", () => {
  const markup = flat(
    renderSignificance(
      { score: 0.64, label: "major", reasons: ["2 paragraphs removed", "Names removed: <Marta>"] },
      [],
      true,
    ),
  );
  assert.match(markup, /<strong>Major change<\/strong>/);
  assert.match(markup, /score 0\.64 of 1/);
  assert.match(markup, /<li>2 paragraphs removed<\/li>/);
  assert.ok(markup.includes("Names removed: &lt;Marta&gt;"));
  assert.match(markup, /No correction or update notice was added\./);
});

test("a notice added is quoted, escaped, and the no-notice line is absent", () => {
  const markup = flat(
    renderSignificance(
      { score: 0.4, label: "substantive", reasons: ["Figures changed: 12 → 15"] },
      [{ kind: "correction", text: "Correction: <b>12</b> was wrong.", paragraph: 3 }],
    ),
  );
  assert.match(markup, /class="notice correction"/);
  assert.ok(markup.includes("Correction: &lt;b&gt;12&lt;/b&gt; was wrong."));
  assert.ok(!markup.includes("No correction or update notice"));
});

test("a paragraph's age links to the change that introduced its text, except from version 1", () => {
  assert.equal(
    flat(renderSince(1, undefined)),
    '<span class="since">unchanged since version 1</span>',
  );
  assert.equal(
    flat(renderSince(3, "../../changes/2-3/#c4")),
    '<a class="since" href="../../changes/2-3/#c4">unchanged since version 3</a>',
  );
});
