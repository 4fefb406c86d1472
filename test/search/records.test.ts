// What goes into the search index: the current text once per article, and only the removed
// words of each change, with the filters and labels the results list shows.
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { removedText, searchRecordsOf, type SearchRecord } from "../../scripts/search/index.ts";
import { loadEntries } from "../support/articles.ts";
import { ROOT } from "../support/build.ts";

let records: SearchRecord[];

before(async () => {
  records = (await loadEntries(path.join(ROOT, "test/fixtures/site"))).flatMap(searchRecordsOf);
});

function record(url: string): SearchRecord {
  const found = records.find((r) => r.url === url);
  assert.ok(found, `a record for ${url} (have ${records.map((r) => r.url).join(", ")})`);
  return found;
}

/** The searchable words of a record: the text inside data-pagefind-body. */
function body(r: SearchRecord): string {
  return /<main data-pagefind-body>([\s\S]*)<\/main>/
    .exec(r.html)![1]!
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("search records", () => {
  it("indexes each article's current text once, at its latest version", () => {
    const current = records.filter((r) => r.url.includes("/versions/"));
    assert.deepEqual(
      current.map((r) => r.url),
      [
        "/listok/most-zakryt/versions/2/",
        "/quay/lighthouse-keeper/versions/3/",
        "/ridge/lighthouse-repairs/versions/2/",
        "/ridge/parking-plan/versions/1/",
      ],
    );
    const keeper = body(record("/quay/lighthouse-keeper/versions/3/"));
    assert.match(keeper, /brass telescope/);
    assert.doesNotMatch(keeper, /furious|supper/, "words no longer there are not current text");
  });

  it("indexes only the words a change removed, landing on the paragraph that lost them", () => {
    const r = record("/quay/lighthouse-keeper/changes/1-2/#c1");
    assert.equal(body(r), "furious");
    assert.match(r.html, /data-pagefind-meta="kind">Removed in version 1 → 2</);
    const later = records.find((x) => x.url.startsWith("/quay/lighthouse-keeper/changes/2-3/"))!;
    assert.match(body(later), /A farewell supper for the keeper/);
    assert.doesNotMatch(body(later), /telescope/, "added words are current text, not removed");
  });

  it("tags every record with its source, years and language", () => {
    const keeper = record("/quay/lighthouse-keeper/versions/3/");
    assert.match(keeper.html, /data-pagefind-filter="source">Quay Courier</);
    assert.match(keeper.html, /data-pagefind-filter="year">2023</);
    assert.match(keeper.html, /data-pagefind-filter="year">2024</);
    const bridge = record("/listok/most-zakryt/versions/2/");
    assert.equal(bridge.lang, "ru");
    assert.match(bridge.html, /<html lang="ru">/);
  });

  it("escapes article text in the records", () => {
    const parking = record("/ridge/parking-plan/versions/1/");
    assert.match(parking.html, /pay &amp; display&quot; plan &lt;b&gt;approved&lt;\/b&gt;/);
    assert.doesNotMatch(parking.html, /<b>approved/);
  });
});

describe("removedText", () => {
  it("joins separate removed runs with an ellipsis and ignores punctuation-only runs", () => {
    assert.equal(
      removedText([
        { op: "equal", text: "The mayor was " },
        { op: "delete", text: "furious" },
        { op: "insert", text: "upset" },
        { op: "equal", text: " about the " },
        { op: "delete", text: "ugly " },
        { op: "equal", text: "plan" },
        { op: "delete", text: "." },
      ]),
      "furious … ugly",
    );
  });
});
