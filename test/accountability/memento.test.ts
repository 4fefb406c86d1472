// The Memento TimeMap, read back with an independent link-format parser (http-link-header).

import assert from "node:assert/strict";
import { test } from "node:test";
import Link from "http-link-header";
import { timemap, TIMEMAP_TYPE } from "../../scripts/accountability/index.ts";

const ORIGINAL = "https://meridian-wire.test/news/hurricane-teodora?id=1&live=yes";
const TIMEMAP = "https://archive.example/meridian-wire/hurricane/timemap.link";
const ARTICLE = "https://archive.example/meridian-wire/hurricane/";
/** Every relation type the TimeMap gives one address, in order. */
function relsOf(links: Link, uri: string): string {
  return links.refs
    .filter((ref) => ref.uri === uri)
    .map((ref) => ref.rel)
    .join(" ");
}

const mementos = [3, 1, 2].map((n) => ({
  url: `https://archive.example/meridian-wire/hurricane/versions/${n}/`,
  datetime: new Date(Date.UTC(2000, 5, 20, 18, 2, 59) + (n - 1) * 3_600_000),
}));

test("a TimeMap parses as link-format with the original, itself, and every memento oldest first", () => {
  const text = timemap(ORIGINAL, TIMEMAP, ARTICLE, mementos);
  const links = Link.parse(text.replace(/\n/g, " "));
  assert.equal(links.rel("original")[0]?.uri, ORIGINAL);
  const self = links.rel("self")[0]!;
  assert.equal(self.uri, TIMEMAP);
  assert.equal(self["type"], TIMEMAP_TYPE);
  assert.equal(self["from"], "Tue, 20 Jun 2000 18:02:59 GMT");
  assert.equal(self["until"], "Tue, 20 Jun 2000 20:02:59 GMT");
  assert.equal(links.rel("related")[0]?.uri, ARTICLE);
  assert.equal(links.rel("timegate").length, 0);
  // The parser gives one reference per relation type, as RFC 8288 reads "first memento".
  const mementoRefs = links.rel("memento");
  assert.deepEqual(
    mementoRefs.map((ref) => [relsOf(links, ref.uri), ref.uri.split("/").at(-2), ref["datetime"]]),
    [
      ["first memento", "1", "Tue, 20 Jun 2000 18:02:59 GMT"],
      ["memento", "2", "Tue, 20 Jun 2000 19:02:59 GMT"],
      ["last memento", "3", "Tue, 20 Jun 2000 20:02:59 GMT"],
    ],
  );
});

test("one memento is both first and last; a real TimeGate can be declared", () => {
  const text = timemap(
    ORIGINAL,
    TIMEMAP,
    "https://archive.example/timegate/x",
    mementos.slice(0, 1),
    { timegate: true },
  );
  const links = Link.parse(text.replace(/\n/g, " "));
  assert.equal(links.rel("timegate")[0]?.uri, "https://archive.example/timegate/x");
  assert.equal(relsOf(links, mementos[0]!.url), "first last memento");
});

test("an address cannot break out of its angle brackets", () => {
  const text = timemap('https://x.test/a>;rel="evil"', TIMEMAP, ARTICLE, mementos);
  const links = Link.parse(text.replace(/\n/g, " "));
  assert.equal(links.rel("evil").length, 0);
  assert.equal(links.rel("original")[0]?.uri, "https://x.test/a%3E;rel=%22evil%22");
});
