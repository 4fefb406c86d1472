// The html tag folds the indentation of the renderers' own source, and nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { foldIndentation, html } from "../../scripts/render/html.ts";

test("indentation between block tags goes, and a line break elsewhere is one space", () => {
  const out = html`<div>
    <p>One <a href="#x">link</a> <a href="#y">and another</a>, then text.</p>
    <p class="x">Two</p>
  </div>`.value;
  assert.equal(
    out,
    '<div><p>One <a href="#x">link</a> <a href="#y">and another</a>, then text.</p><p class="x">Two</p></div>',
  );
});

test("interpolated values are never folded, and are still escaped", () => {
  const text = "line one\n\n    line two <b>";
  const out = html`<pre>
    ${text}
  </pre>`.value;
  assert.ok(out.includes("line one\n\n    line two &lt;b&gt;"));
  const nested = html`<p>${html`${"a\nb"}`}</p>`.value;
  assert.equal(nested, "<p>a\nb</p>");
});

test("each template's parts are folded once and give the same result every time", () => {
  const render = (v: string) => html`<li>${v}</li>`.value;
  assert.equal(render("a"), "<li>a</li>");
  assert.equal(render("b"), "<li>b</li>");
  assert.equal(foldIndentation("text\n   more"), "text more");
  assert.equal(foldIndentation("</a\n   >"), "</a>");
});
