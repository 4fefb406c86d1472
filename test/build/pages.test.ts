// Builds the fixture archive and reads the pages the way a reader would.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { buildFixture, text, type BuiltSite } from "../support/build.ts";

let site: BuiltSite;
before(async () => {
  site = await buildFixture();
});

describe("the diff page of a rewritten news article", () => {
  const path = "wire/missile-talks/changes/1-2/";

  test("shows the headline change as before and after", async () => {
    const doc = await site.page(path);
    const field = doc.querySelector(".fields .field");
    assert.ok(field, "a headline change is shown");
    assert.match(text(field.querySelector("dt")), /^Headline changed$/);
    assert.equal(text(field.querySelector(".before p")), "Russia, US renew 'positive' talks");
    assert.equal(text(field.querySelector(".after p")), "Russia-US missile talks 'stalled'");
    assert.ok(field.querySelector(".before del") && field.querySelector(".after ins"));
  });

  test("says how much later the second version was captured, with exact times", async () => {
    const doc = await site.page(path);
    const when = text(doc.querySelector(".when"));
    assert.match(when, /about 13 hours later/);
    assert.match(when, /18 March 2008, 09:05 UTC/);
    assert.match(when, /18 March 2008, 22:12 UTC/);
    const times = [...doc.querySelectorAll(".when time")].map((t) => t.getAttribute("datetime"));
    assert.deepEqual(times, ["2008-03-18T09:05:00Z", "2008-03-18T22:12:00Z"]);
  });

  test("writes each unchanged paragraph once, across both columns, and folds long runs", async () => {
    const doc = await site.page(path);
    const same = [...doc.querySelectorAll(".diff .row.same")];
    const folded = [...doc.querySelectorAll(".diff .row.folded")];
    for (const row of same) {
      assert.equal(row.querySelectorAll(".cell").length, 1, "one copy of the paragraph");
      assert.ok(row.querySelector(".cell.both"), "spanning both columns");
      assert.equal(row.querySelector("[aria-hidden]"), null, "nothing hidden from screen readers");
      assert.equal(row.querySelector("ins, del"), null);
    }
    // Seven unchanged paragraphs: shown next to a change, or counted in a fold that links
    // to them in the newer version's full text.
    const foldedCount = folded.reduce(
      (n, row) => n + Number(/^(\d+) unchanged paragraphs?/.exec(text(row))?.[1] ?? NaN),
      0,
    );
    assert.equal(same.length + foldedCount, 7);
    const version = await site.page("wire/missile-talks/versions/2/");
    for (const row of folded) {
      const href = row.querySelector("a")!.getAttribute("href")!;
      assert.match(href, /^\/wire\/missile-talks\/versions\/2\/#p\d+$/);
      assert.ok(version.getElementById(href.split("#")[1]!), `${href} lands on a paragraph`);
    }
    // Every change keeps an unchanged neighbour (or the article's edge) on each side.
    const rows = [...doc.querySelectorAll(".diff > .row")];
    rows.forEach((row, i) => {
      if (!row.classList.contains("changed")) return;
      for (const neighbour of [rows[i - 1], rows[i + 1]]) {
        assert.ok(!neighbour?.classList.contains("folded"), "a change is shown with context");
      }
    });
  });

  test("highlights the one-word change inside its paragraph", async () => {
    const doc = await site.page(path);
    const row = [...doc.querySelectorAll(".diff .row.changed")].find((r) =>
      text(r).includes("Campaigners urged"),
    );
    assert.ok(row, "the changed paragraph is a row of its own");
    assert.ok(row.classList.contains("edited"), "changed in place, not removed and added");
    // The whole word is marked on each side, and nothing else in the paragraph.
    const marks = (selector: string) => [...row.querySelectorAll(selector)].map((n) => text(n));
    assert.deepEqual(marks(".cell.inline del"), ["human rights"]);
    assert.deepEqual(marks(".cell.inline ins"), ["human-rights"]);
    // Written once, inline: the reader's script makes the two columns from it (the
    // browser tests read them), and without it the row reads inline on any screen.
    assert.equal(row.querySelectorAll(".cell").length, 1);
    assert.equal(row.querySelector(".inline-only"), null, "shown in every view");
  });

  test("marks added paragraphs and gives every change an anchor and a label", async () => {
    const doc = await site.page(path);
    const added = [...doc.querySelectorAll(".diff .row.added")].map((r) =>
      text(r.querySelector(".cell.new")),
    );
    assert.ok(added.some((t) => t.includes("A spokesman for the Russian foreign ministry")));
    assert.ok(added.some((t) => t.includes("The US delegation is due to return")));
    const changed = [...doc.querySelectorAll(".diff .row.changed")];
    const ids = changed.map((r) => r.getAttribute("id"));
    assert.equal(new Set(ids).size, changed.length, "anchors are unique");
    for (const row of changed) {
      const id = row.getAttribute("id")!;
      assert.equal(row.querySelector(".label a")?.getAttribute("href"), `#${id}`);
      assert.match(text(row.querySelector(".label")), /Edited|Added|Removed|Moved|Split|Merged/);
    }
  });

  test("offers an inline view for narrow screens with the same marks", async () => {
    const doc = await site.page(path);
    const inline = doc.querySelectorAll(".diff .row.edited .cell.inline");
    assert.ok(inline.length >= 1);
    for (const cell of inline) assert.ok(cell.querySelector("ins") || cell.querySelector("del"));
  });

  test("counts the words added and removed", async () => {
    const doc = await site.page(path);
    assert.match(
      text(doc.querySelector(".summary")),
      /Headline changed.*\(\+\d+ words, −\d+ words\)/,
    );
  });
});

describe("untrusted article text", () => {
  test("is shown literally on every page, never run as script or template", async () => {
    const files = (await site.files()).filter((f) => f.endsWith(".html"));
    for (const file of files) {
      const html = await site.read(file);
      assert.doesNotMatch(html, /<script>alert/, `${file} contains an unescaped script tag`);
      assert.doesNotMatch(html, /<b>raw HTML<\/b>/, `${file} lets raw HTML through`);
      assert.doesNotMatch(
        html,
        /(href|src)\s*=\s*"?\s*javascript:/i,
        `${file} links to javascript:`,
      );
    }
    const doc = await site.page("gazette/council-website-flaw/versions/1/");
    const body = text(doc.querySelector(".text"));
    assert.match(body, /<script>alert\(1\)<\/script>/);
    assert.match(body, /typing \{\{ 7\*7 \}\} into the search box/);
    assert.match(body, /\{% raw %\} tags/);
    assert.match(text(doc.querySelector("title")), /<script>alert\(1\)<\/script>/);
  });

  test("an editor's note is Markdown without raw HTML or unsafe links", async () => {
    const doc = await site.page("gazette/council-website-flaw/");
    const note = doc.querySelector(".note");
    assert.ok(note?.querySelector("strong"), "Markdown emphasis works");
    assert.match(text(note), /<b>raw HTML<\/b>/);
    assert.equal(note?.querySelector("b"), null);
    assert.equal(note?.querySelector('a[href^="javascript"]'), null);
  });
});

describe("the article page", () => {
  test("states source, original address, first and last seen, tracking and changes", async () => {
    const doc = await site.page("wire/missile-talks/");
    assert.equal(text(doc.querySelector("h1")), "Russia-US missile talks 'stalled'");
    const facts = Object.fromEntries(
      [...doc.querySelectorAll(".facts > div")].map((d) => [
        text(d.querySelector("dt")),
        text(d.querySelector("dd")),
      ]),
    );
    assert.equal(facts.Source, "Fixture Wire");
    assert.equal(facts.Original, "https://wire.example.com/news/world-europe-7301");
    assert.equal(facts["First seen"], "18 March 2008, 09:05 UTC");
    assert.equal(facts["Last seen"], "18 March 2008, 22:12 UTC");
    assert.match(facts.Tracking ?? "", /Stopped: will not be checked again/);
    assert.match(facts.Changes ?? "", /^1 \(2 versions\)$/);
  });

  test("lists every version and shows the latest change as a diff", async () => {
    const doc = await site.page("wire/storm-warning/");
    const rows = [...doc.querySelectorAll("table.versions tbody tr")];
    assert.equal(rows.length, 4);
    assert.match(text(rows[3]), /Storm passes with less damage than feared/);
    const latest = doc.querySelector(".latest");
    assert.match(text(latest), /version 3.*version 4/);
    assert.ok(latest?.querySelector(".diff .row.changed"));
    const links = [...doc.querySelectorAll(".latest a")].map((a) => a.getAttribute("href"));
    assert.ok(links.includes("/wire/storm-warning/changes/3-4/"));
    assert.ok(links.includes("/wire/storm-warning/changes/1-4/"), "first → latest is offered");
  });

  test("a one-version article says nothing has changed yet", async () => {
    const doc = await site.page("gazette/harbour-opening/");
    assert.match(text(doc.querySelector("main")), /Only one version has been captured/);
  });
});

describe("moving between changes and versions", () => {
  test("a diff page links to the previous and next change", async () => {
    const doc = await site.page("wire/storm-warning/changes/2-3/");
    assert.equal(
      doc.querySelector('a[rel="prev"]')?.getAttribute("href"),
      "/wire/storm-warning/changes/1-2/",
    );
    assert.equal(
      doc.querySelector('a[rel="next"]')?.getAttribute("href"),
      "/wire/storm-warning/changes/3-4/",
    );
    assert.ok(doc.querySelector(".diff .row.moved"), "the moved paragraph is shown as a move");
  });

  test("every version's full text is readable", async () => {
    const doc = await site.page("wire/storm-warning/versions/2/");
    assert.equal(text(doc.querySelector("h1")), "Storm warning upgraded for the coast");
    assert.equal(
      text(doc.querySelector(".standfirst")),
      "Forecasters expect gusts of up to 90mph.",
    );
    assert.equal(doc.querySelectorAll(".text p").length, 4);
  });
});

describe("the home page and sources", () => {
  test("lists the latest changes newest first, with archive totals", async () => {
    const doc = await site.page("");
    assert.match(
      text(doc.querySelector(".totals")),
      /4 articles from 2 sources: 9 versions captured, 5 changes recorded/,
    );
    const times = [...doc.querySelectorAll(".changes time")].map((t) =>
      t.getAttribute("datetime")!,
    );
    assert.equal(times.length, 5);
    assert.deepEqual([...times].sort().reverse(), times);
  });

  test("has an index of sources and a page per source", async () => {
    const index = await site.page("sources/");
    assert.deepEqual([...index.querySelectorAll(".sources h2")].map(text).sort(), [
      "Fixture Gazette",
      "Fixture Wire",
    ]);
    const wire = await site.page("wire/");
    assert.equal(wire.querySelectorAll(".articles > li").length, 2);
  });
});

describe("sitemap and 404", () => {
  const BASE = "https://archive.example.net/";
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

  test("the sitemap index names a sitemap for the archive's pages and one per source", async () => {
    const index = await site.read("sitemap.xml");
    assert.match(index, /<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    assert.deepEqual(locs(index), [
      `${BASE}sitemap-pages.xml`,
      `${BASE}gazette/sitemap.xml`,
      `${BASE}wire/sitemap.xml`,
    ]);
  });

  test("the sitemaps list every page once, each under its sitemap's folder", async () => {
    const listed: string[] = [];
    for (const sitemap of locs(await site.read("sitemap.xml"))) {
      const file = sitemap.slice(BASE.length);
      const xml = await site.read(file);
      assert.match(xml, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
      // The protocol lets a sitemap list only addresses under its own folder.
      const folder = `${BASE}${file.slice(0, file.lastIndexOf("/") + 1)}`;
      for (const loc of locs(xml)) assert.ok(loc.startsWith(folder), `${loc} is under ${folder}`);
      listed.push(...locs(xml));
    }
    const pages = (await site.files())
      .filter((f) => f.endsWith("index.html"))
      .map((f) => `${BASE}${f.replace(/index\.html$/, "")}`);
    assert.deepEqual([...listed].sort(), [...pages].sort());
  });

  test("a 404 page exists", async () => {
    const doc = await site.page("404.html");
    assert.equal(text(doc.querySelector("h1")), "Page not found");
  });
});
