// The link check reads every page the build writes with a small tokenizer of its own
// (scripts/check-site/scan.ts). What it must get right: links inside comments and inside the
// text of <script>, <style>, <textarea> and <title> are not links; a ">" inside a quoted value
// does not end a tag; values are decoded; the first of a repeated attribute wins. And it must
// read any markup, however broken, the same way as the regular expressions it replaced (kept
// here as the reference), so a page the build writes cannot hide a link from it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seededRandom } from "../../scripts/bench/random.ts";
import { htmlLinks } from "../../scripts/check-site/index.ts";
import { decodeEntities, forEachStartTag, parseAttributes } from "../../scripts/check-site/scan.ts";

const linksOf = (markup: string) => htmlLinks(markup).links.map((l) => `${l.via} ${l.value}`);

describe("the link check's reading of a page", () => {
  test("skips comments and the text of script, style, textarea and title, but reads their tags", () => {
    const page = [
      '<!-- <a href="/in-comment/"> -->',
      '<script src="/app.js">document.write(\'<a href="/in-script/">\')</script>',
      '<style>a[href="/in-style/"] { color: red }</STYLE >',
      '<title>A <a href="/in-title/"> title</title>',
      '<textarea name="t"><a href="/in-textarea/"></textarea>',
      '<a href="/real/">real</a>',
    ].join("\n");
    assert.deepEqual(linksOf(page), ["<script src> /app.js", "<a href> /real/"]);
  });

  test("a comment or raw-text element left open hides the rest of the page", () => {
    assert.deepEqual(linksOf('<a href="/a/"><!-- <a href="/b/">'), ["<a href> /a/"]);
    assert.deepEqual(linksOf('<a href="/a/"><script> <a href="/b/">'), ["<a href> /a/"]);
  });

  test("a quoted '>' does not end a tag, and either quote may be used", () => {
    assert.deepEqual(linksOf(`<a title="1 > 0" href='/x/' data-n=">">`), ["<a href> /x/"]);
  });

  test("values are decoded, unquoted values read, names taken in any case, the first repeat wins", () => {
    assert.deepEqual(linksOf('<A HREF="/a/?b=1&amp;c=2" href="/ignored/">'), [
      "<a href> /a/?b=1&c=2",
    ]);
    assert.deepEqual(linksOf("<img src=/p.png alt=x>"), ["<img src> /p.png"]);
  });

  test("ids and named anchors are the page's fragments", () => {
    const { ids } = htmlLinks('<p id="c3">x</p><a name="top"></a><div name="not-an-anchor">');
    assert.deepEqual([...ids].sort(), ["c3", "top"]);
  });

  test("a '<' that starts no tag is text", () => {
    assert.deepEqual(linksOf('1 < 2 <3 <a href="/x/">'), ["<a href> /x/"]);
    // A tag whose quote never closes is text too; the next tag is still read.
    assert.deepEqual(linksOf('<p title="x><a href="/x/">'), ["<a href> /x/"]);
  });
});

// The regular expressions the tokenizer replaced, with a tag's name read to its end (as the
// HTML tokenizer does) rather than given back when the rest of the tag fails.
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title)\b((?:[^>"']|"[^"]*"|'[^']*')*)>[\s\S]*?(?:<\/\1\s*>|$)|<(?=([a-zA-Z][^\s/>]*))\3((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function referenceTags(markup: string): string[] {
  const tags: string[] = [];
  for (const match of markup.matchAll(TOKEN)) {
    const name = match[1] ?? match[3];
    if (name !== undefined) tags.push(`${match.index} ${name} ${match[2] ?? match[4] ?? ""}`);
  }
  return tags;
}

function referenceAttributes(source: string): [string, string][] {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? "");
  }
  return [...attributes];
}

// Pieces that make tags, broken tags, comments and raw-text elements when strung together.
const PIECES = [
  "<",
  ">",
  "/",
  "=",
  " ",
  "\n",
  "\u00a0",
  '"',
  "'",
  "`",
  "-",
  "!",
  "&amp;",
  "&#62;",
  "a",
  "p",
  "X",
  "_",
  "1",
  "id",
  "href",
  "HREF",
  "src",
  "name",
  "title",
  "<a",
  "<p ",
  "<A ",
  "<!--",
  "-->",
  "<!",
  "<script",
  "<SCRIPT",
  "<style",
  "<title>",
  "<textarea",
  "</script>",
  "</Script >",
  "</style>",
  "</title>",
  "</textarea",
  "<script-x",
  '="/x/"',
  "='/y/'",
  "=/z/",
  '"a>b"',
  "'c>d'",
];

function randomMarkup(random: ReturnType<typeof seededRandom>): string {
  let markup = "";
  for (let n = random.int(1, 24); n > 0; n--) markup += random.pick(PIECES);
  return markup;
}

describe("the link check's tokenizer reads any markup as the regular expressions did", () => {
  test("the same start tags, names, attributes and offsets, over 20,000 random strings", () => {
    const random = seededRandom(20261129);
    for (let i = 0; i < 20_000; i++) {
      const markup = randomMarkup(random);
      const tags: string[] = [];
      forEachStartTag(markup, (name, source, offset) => tags.push(`${offset} ${name} ${source}`));
      assert.deepEqual(tags, referenceTags(markup), JSON.stringify(markup));
    }
  });

  test("the same attributes and values from any tag's attribute text", () => {
    const random = seededRandom(42);
    for (let i = 0; i < 20_000; i++) {
      const source = randomMarkup(random).replace(/>/g, random.chance(0.5) ? "" : '">"');
      const decoded = referenceAttributes(source).map(([name, value]) => [
        name,
        decodeEntities(value),
      ]);
      assert.deepEqual([...parseAttributes(source)], decoded, JSON.stringify(source));
    }
  });
});
