// Every feed the build writes, read back by a real feed library (not the project's code).
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import {
  ARTICLE_FEED_DIFFS,
  articleChangesFeed,
  renderAtom,
  sourceChangesFeed,
  xmlText,
} from "../../scripts/feeds/index.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { articleFeedEntries } from "../../scripts/build/article-files.ts";
import { entryOf, modelOf, testArticle } from "../support/articles.ts";
import { buildFixture, ROOT, type BuiltSite } from "../support/build.ts";

const SITE = "https://news.example.org/archive/";
let site: BuiltSite;

before(async () => {
  site = await buildFixture(path.join(ROOT, "test/fixtures/site"), { SITE_URL: SITE });
});

async function feed(sitePath: string) {
  return parseFeed(await site.read(sitePath));
}

/** A site URL → the file the build wrote for it. */
function sitePathOf(url: string): string {
  assert.ok(url.startsWith(SITE), `${url} should be under ${SITE}`);
  return url.slice(SITE.length).replace(/#.*$/, "");
}

describe("feeds", () => {
  it("writes one feed for the archive, one per source and one per article, all valid Atom", async () => {
    const feeds = (await site.files()).filter((f) => f.endsWith("feed.xml"));
    assert.deepEqual(feeds, [
      "feed.xml",
      "listok/feed.xml",
      "listok/most-zakryt/feed.xml",
      "quay/feed.xml",
      "quay/lighthouse-keeper/feed.xml",
      "ridge/feed.xml",
      "ridge/lighthouse-repairs/feed.xml",
      "ridge/parking-plan/feed.xml",
    ]);
    for (const file of feeds) {
      const parsed = await feed(file);
      assert.equal(parsed.meta.type, "atom", file);
      assert.equal(parsed.self, `${SITE}${file}`, file);
    }
  });

  it("has one entry per change in the whole-archive feed, newest first, linking to its diff page", async () => {
    const all = await feed("feed.xml");
    assert.deepEqual(
      all.items.map((i) => i.url),
      [
        `${SITE}ridge/lighthouse-repairs/changes/1-2/`,
        `${SITE}listok/most-zakryt/changes/1-2/`,
        `${SITE}quay/lighthouse-keeper/changes/2-3/`,
        `${SITE}quay/lighthouse-keeper/changes/1-2/`,
      ],
    );
    const files = new Set(await site.files());
    for (const item of all.items) {
      assert.equal(item.id, item.url, "the id is the diff page's permanent address");
      assert.ok(files.has(`${sitePathOf(item.url!)}index.html`), `${item.url} exists`);
    }
    // The feed was last updated when its newest change was captured, not when it was built.
    assert.equal(all.updated?.toISOString(), "2024-03-05T17:45:00.000Z");
  });

  it("titles each entry with the article and the kind of change, dated by the newer capture", async () => {
    const article = await feed("quay/lighthouse-keeper/feed.xml");
    assert.deepEqual(
      article.items.map((i) => [i.title, i.updated?.toISOString()]),
      [
        [
          "Gull Point lighthouse keeper retires after forty years: Headline changed, 1 paragraph added, 1 paragraph removed",
          "2024-01-02T09:30:00.000Z",
        ],
        [
          "Lighthouse keeper retires after forty years: 1 paragraph edited",
          "2024-01-01T09:00:00.000Z",
        ],
      ],
    );
    assert.equal(article.updated?.toISOString(), "2024-01-02T09:30:00.000Z");
    assert.equal(article.language, "en");
  });

  it("carries the changed paragraphs with <ins>/<del> and absolute links in each entry", async () => {
    const article = await feed("quay/lighthouse-keeper/feed.xml");
    const first = article.items.find((i) => i.url?.endsWith("changes/1-2/"))!;
    const content = first.content ?? "";
    assert.match(content, /<del>furious<\/del>/);
    assert.match(content, /<ins>disappointed<\/ins>/);
    // Unchanged paragraphs stay out of the excerpt.
    assert.doesNotMatch(content, /farewell supper/);
    const hrefs = [...content.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.ok(href.startsWith(SITE), `${href} is absolute`);
    assert.ok(hrefs.includes(`${SITE}quay/lighthouse-keeper/changes/1-2/#c1`));
  });

  it("keeps each source's feed to that source", async () => {
    const ridge = await feed("ridge/feed.xml");
    assert.deepEqual(
      ridge.items.map((i) => i.url),
      [`${SITE}ridge/lighthouse-repairs/changes/1-2/`],
    );
    assert.equal(ridge.url, `${SITE}ridge/`);
    const listok = await feed("listok/feed.xml");
    assert.equal(listok.language, "ru");
    assert.equal(
      listok.items[0]?.title,
      "Старый мост закрыт на ремонт до весны: Headline changed, 1 paragraph added, 1 paragraph removed",
    );
  });

  it("dates a source's feed without changes by its newest capture, whichever article has it", () => {
    const article = (slug: string, capturedAt: string) => testArticle("quiet", slug, capturedAt);
    const model = modelOf(
      [{ key: "quiet", name: "Quiet", homepage: "https://example.org/", language: "en" }],
      [
        article("a-first", "2024-01-01T08:00:00Z"),
        article("b-newest", "2024-03-01T08:00:00Z"),
        article("c-middle", "2024-02-01T08:00:00Z"),
      ],
      readSiteConfig({ SITE_URL: SITE }),
    );
    const quiet = sourceChangesFeed(model, "quiet", () => {
      throw new Error("a source without changes needs no entry");
    });
    assert.equal(quiet.entries.length, 0);
    assert.equal(quiet.emptyUpdated.toISOString(), "2024-03-01T08:00:00.000Z");
  });

  it("carries the diff of an article's newest changes, and lists older ones by summary and link", () => {
    const captures = Array.from(
      { length: ARTICLE_FEED_DIFFS + 4 },
      (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}T08:00:00Z`,
    );
    const config = readSiteConfig({ SITE_URL: SITE });
    const source = { key: "long", name: "Long", homepage: "https://example.org/", language: "en" };
    const entry = entryOf(testArticle("long", "story", ...captures), source);
    const entries = articleChangesFeed(entry, config, articleFeedEntries(entry, config)).entries;
    assert.equal(entries.length, captures.length - 1, "every change is in the feed");
    assert.equal(entries[0]!.url, `${SITE}long/story/changes/13-14/`, "newest first");
    entries.forEach((entry, i) => {
      const withDiff = entry.contentHtml.includes('<dl class="fields">');
      assert.equal(withDiff, i < ARTICLE_FEED_DIFFS, `entry ${i} carries its diff or not`);
      assert.match(entry.contentHtml, /Headline changed/);
      assert.ok(entry.contentHtml.includes(`href="${entry.url}"`), "and links to its diff page");
    });
  });

  it("gives an article with one version an empty feed dated by its capture", async () => {
    const single = await feed("ridge/parking-plan/feed.xml");
    assert.equal(single.items.length, 0);
    assert.equal(single.updated?.toISOString(), "2024-06-01T12:00:00.000Z");
    // Headline text is escaped, never markup.
    assert.equal(single.title, 'Changes to “Council\'s "pay & display" plan <b>approved</b>”');
  });

  it("is advertised by every page with <link rel=alternate>, pointing at feeds that exist", async () => {
    const files = new Set(await site.files());
    for (const page of [
      "",
      "search/",
      "ridge/",
      "quay/lighthouse-keeper/",
      "quay/lighthouse-keeper/changes/1-2/",
    ]) {
      const doc = await site.page(page);
      const links = [...doc.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')];
      assert.ok(links.length > 0, `${page} advertises a feed`);
      for (const link of links) {
        const href = link.getAttribute("href")!;
        assert.ok(href.startsWith("/archive/"), `${href} works under the base path`);
        assert.ok(files.has(href.slice("/archive/".length)), `${href} exists`);
      }
    }
    const article = await site.page("quay/lighthouse-keeper/");
    const own = article.querySelector(
      'link[rel="alternate"][href="/archive/quay/lighthouse-keeper/feed.xml"]',
    );
    assert.ok(own, "an article page advertises the article's own feed");
  });
});

describe("Atom serialisation", () => {
  it("escapes text and drops characters XML cannot carry", () => {
    assert.equal(xmlText('a < b & "c"\u0000\u0007'), "a &lt; b &amp; &quot;c&quot;");
    const xml = renderAtom({
      id: "https://x.example/feed.xml",
      title: "A & B <i>",
      selfUrl: "https://x.example/feed.xml",
      pageUrl: "https://x.example/",
      author: "X",
      emptyUpdated: new Date("2020-01-02T03:04:05.678Z"),
      entries: [],
    });
    const parsed = parseFeed(xml);
    assert.equal(parsed.title, "A & B <i>");
    assert.equal(parsed.updated?.toISOString(), "2020-01-02T03:04:05.000Z");
  });
});
