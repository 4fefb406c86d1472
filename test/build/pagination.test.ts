// Lists (home, headlines, each source) are paginated so that archive pages never shift:
// a reader's link to "page 3" keeps showing the same entries as the archive grows, and an
// incremental build rewrites only the front page and the pages whose entries changed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { paginate, type ListPage } from "../../scripts/site/model.ts";
import { SITEMAP_LIMIT, sitemapPages } from "../../scripts/site/pages.ts";

/** Entries newest first, like the home page's changes: e120 is the newest of 120. */
function entries(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `e${count - i}`);
}

function shown(list: string[], pages: ListPage[]): Map<string, string[]> {
  return new Map(pages.map((p) => [p.path, list.slice(p.start, p.end)]));
}

describe("paginated lists", () => {
  test("an empty or short list is one front page with no links", () => {
    for (const count of [0, 1, 50]) {
      const pages = paginate(count, 50, "");
      assert.equal(pages.length, 1);
      assert.deepEqual(pages[0], {
        path: "",
        pageNumber: 0,
        start: 0,
        end: count,
        nextPath: undefined,
      });
    }
  });

  test("the front page shows the newest; archive pages hold fixed blocks from the oldest", () => {
    const list = entries(120);
    const pages = shown(list, paginate(120, 50, "bbc/"));
    assert.deepEqual([...pages.keys()], ["bbc/", "bbc/page/2/", "bbc/page/1/"]);
    assert.deepEqual(pages.get("bbc/")!.slice(0, 2), ["e120", "e119"]);
    assert.equal(pages.get("bbc/")!.length, 50);
    assert.deepEqual(pages.get("bbc/page/1/"), entries(50), "page 1: the oldest fifty");
    assert.equal(pages.get("bbc/page/2/")![0], "e100");
    assert.equal(pages.get("bbc/page/2/")!.at(-1), "e51");
  });

  test("following the older links from the front page reaches every entry in order", () => {
    for (const count of [51, 99, 100, 101, 250, 333]) {
      const list = entries(count);
      const pages = paginate(count, 50, "");
      const byPath = new Map(pages.map((p) => [p.path, p]));
      const seen: string[] = [];
      for (
        let page = byPath.get("");
        page;
        page = page.nextPath ? byPath.get(page.nextPath) : undefined
      ) {
        for (const e of list.slice(page.start, page.end)) if (!seen.includes(e)) seen.push(e);
        if (page.nextPath)
          assert.equal(byPath.get(page.nextPath)!.previousPath, page.path, "newer links lead back");
      }
      assert.deepEqual(seen, list, `${count} entries`);
    }
  });

  test("a new entry changes only the front page, until a block fills and one page is added", () => {
    const before = shown(entries(120), paginate(120, 50, ""));
    const after = shown(entries(121), paginate(121, 50, ""));
    for (const [path, list] of before) {
      if (path !== "") assert.deepEqual(after.get(path), list, `${path} holds the same entries`);
    }
    assert.equal(after.get("")![0], "e121");

    const full = paginate(150, 50, "");
    const grown = paginate(151, 50, "");
    assert.deepEqual(
      grown.map((p) => p.path),
      ["", "page/3/", "page/2/", "page/1/"],
      "the 151st entry archives the block of 101–150 as page 3",
    );
    const unchanged = (p: ListPage) =>
      full.find(
        (q) => q.path === p.path && q.nextPath === p.nextPath && q.previousPath === p.previousPath,
      );
    assert.ok(
      unchanged(grown.find((p) => p.path === "page/1/")!),
      "page 1 untouched, links and all",
    );
  });
});

describe("sitemap files", () => {
  // Two sources: "wire" with 5 pages, "quiet" with none; 3 pages that span the archive.
  const page = (p: string) => ({ path: p });
  const pages = {
    home: [{ path: "", list: {} as ListPage }],
    headlines: [{ path: "headlines/", list: {} as ListPage }],
    sourcesIndex: [page("sources/")],
    source: [{ path: "wire/", key: "wire", list: {} as ListPage }],
    article: [{ path: "wire/a/", id: "wire/a" }],
    change: [{ path: "wire/a/changes/1-2/", id: "wire/a/1-2" }],
    version: [1, 2].map((n) => ({ path: `wire/a/versions/${n}/`, articleId: "wire/a", number: n })),
    search: [{ path: "search/", lang: "en" }],
    sourceFeeds: [{ path: "wire/feed.xml", key: "wire" }],
    filtered: [],
    filterFeeds: [],
    statistics: [],
  };

  test("are split by source, and in parts when a group passes the protocol's limit", () => {
    const files = sitemapPages(pages, ["wire", "quiet"], 2);
    assert.deepEqual(
      files.map((f) => [f.path, f.pages]),
      [
        ["sitemap-pages.xml", ["", "headlines/"]],
        ["sitemap-pages-2.xml", ["sources/", "search/"]],
        ["wire/sitemap.xml", ["wire/", "wire/a/"]],
        ["wire/sitemap-2.xml", ["wire/a/changes/1-2/", "wire/a/versions/1/"]],
        ["wire/sitemap-3.xml", ["wire/a/versions/2/"]],
      ],
    );
  });

  test("hold 50,000 addresses at most, as sitemaps.org allows", () => {
    assert.equal(SITEMAP_LIMIT, 50_000);
    assert.deepEqual(
      sitemapPages(pages, ["wire"]).map((f) => f.path),
      ["sitemap-pages.xml", "wire/sitemap.xml"],
    );
  });
});
