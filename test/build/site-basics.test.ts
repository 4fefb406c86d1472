// What every site needs besides its pages, read from a built fixture: the icon, robots.txt,
// when each page last changed in the sitemaps, the Content-Security-Policy in every page's
// head (and in _headers for hosts that read it), and link previews of article pages.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import { HEADER_ONLY_DIRECTIVES, META_CSP, RECOMMENDED_CSP } from "../../scripts/check-site/csp.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { listPages } from "../../scripts/site/pages.ts";
import { modelOf, testArticle } from "../support/articles.ts";
import { buildFixture, text, type BuiltSite } from "../support/build.ts";

const BASE = "https://archive.example.net/";
let site: BuiltSite;
let pages: string[];

before(async () => {
  site = await buildFixture();
  pages = (await site.files()).filter((f) => f.endsWith(".html"));
});

const meta = (doc: Document, key: string) =>
  doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute("content");

describe("the site's icon", () => {
  test("every page names the SVG icon, and favicon.ico answers at the root", async () => {
    const files = new Set(await site.files());
    assert.ok(files.has("assets/favicon.svg"));
    for (const file of pages) {
      const doc = await site.page(file);
      const icon = doc.querySelector('link[rel="icon"]');
      assert.equal(icon?.getAttribute("href"), "/assets/favicon.svg", `${file} names the icon`);
    }
    assert.ok(files.has("favicon.ico"));
    const bytes = await readFile(path.join(site.dir, "favicon.ico"));
    assert.deepEqual([...bytes.subarray(0, 6)], [0, 0, 1, 0, 1, 0], "an ICO with one image");
    assert.equal(bytes[6], 16);
    assert.equal(bytes.readUInt32LE(14) + 22, bytes.length, "its one image fills the file");
  });
});

describe("robots.txt and the sitemaps", () => {
  test("robots.txt gives the sitemap index's absolute address", async () => {
    const robots = await site.read("robots.txt");
    assert.match(robots, /^User-agent: \*$/m);
    assert.match(robots, new RegExp(`^Sitemap: ${BASE}sitemap\\.xml$`, "m"));
  });

  test("every address in the sitemaps says when its page last changed, from the content", async () => {
    const index = await site.read("sitemap.xml");
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.slice(BASE.length));
    const lastmod = new Map<string, string>();
    for (const file of files) {
      const xml = await site.read(file);
      for (const m of xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)) {
        lastmod.set(m[1]!.slice(BASE.length), m[2]!);
      }
      const urls = [...xml.matchAll(/<url>/g)].length;
      const dated = [...xml.matchAll(/<lastmod>/g)].length;
      assert.equal(dated, urls, `${file}: every page dated`);
    }
    // missile-talks: captured 09:05 and 22:12 on 18 March 2008.
    assert.equal(lastmod.get("wire/missile-talks/"), "2008-03-18T22:12:00Z");
    assert.equal(lastmod.get("wire/missile-talks/versions/1/"), "2008-03-18T09:05:00Z");
    assert.equal(lastmod.get("wire/missile-talks/changes/1-2/"), "2008-03-18T22:12:00Z");
    // A source page: its most recently seen article.
    const wire = await site.page("wire/");
    assert.equal(
      lastmod.get("wire/"),
      wire.querySelector(".articles time")?.getAttribute("datetime"),
    );
  });

  test("list pages are dated by their newest entry", () => {
    const model = modelOf(
      [{ key: "s", name: "S", homepage: "https://example.org/", language: "en" }],
      [
        testArticle("s", "a", "2024-01-01T08:00:00Z", "2024-03-01T08:00:00Z"),
        testArticle("s", "b", "2024-02-01T08:00:00Z", "2024-02-02T08:00:00Z"),
      ],
      readSiteConfig({ SITE_URL: BASE }),
    );
    const pages = listPages(model);
    const march = Date.parse("2024-03-01T08:00:00Z");
    assert.equal(pages.home[0]!.lastmod, march);
    assert.equal(pages.headlines[0]!.lastmod, march);
    assert.equal(pages.source[0]!.lastmod, march);
    assert.equal(pages.sourcesIndex[0]!.lastmod, march);
    assert.equal(pages.search[0]!.lastmod, march);
    const b = pages.change.find((c) => c.id === "s/b/1-2")!;
    assert.equal(b.lastmod, Date.parse("2024-02-02T08:00:00Z"));
  });
});

describe("the Content-Security-Policy", () => {
  test("every page carries the recommended policy in its head, but what only a header can carry", async () => {
    for (const directive of HEADER_ONLY_DIRECTIVES) {
      assert.ok(!META_CSP.includes(directive), `${directive} is left to the header`);
    }
    assert.equal(
      META_CSP,
      RECOMMENDED_CSP.split("; ")
        .filter((d) => !d.startsWith("frame-ancestors"))
        .join("; "),
    );
    for (const file of pages) {
      const doc = await site.page(file);
      const policy = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
      assert.equal(policy?.getAttribute("content"), META_CSP, `${file} carries the policy`);
      // Before anything it governs is named.
      const head = [...doc.head.children];
      const at = head.indexOf(policy!);
      assert.ok(
        head.slice(0, at).every((el) => el.tagName === "META"),
        `${file}: the policy comes before any link or script`,
      );
    }
  });

  test("_headers sends the whole policy, frame-ancestors included, for hosts that read it", async () => {
    const headers = await site.read("_headers");
    assert.equal(headers.split("\n")[0], "/*");
    assert.ok(headers.includes(`  Content-Security-Policy: ${RECOMMENDED_CSP}\n`));
    assert.match(headers, /^ {2}X-Content-Type-Options: nosniff$/m);
  });
});

describe("link previews", () => {
  for (const [what, page, description] of [
    ["a diff page", "wire/missile-talks/changes/1-2/", /^Headline changed · .* · 18 March 2008$/],
    [
      "a version page",
      "wire/missile-talks/versions/1/",
      /^Version 1 of 2 · captured 18 March 2008/,
    ],
    ["an article page", "wire/missile-talks/", /^2 versions · latest change: Headline changed/],
  ] as const) {
    test(`${what} has an Open Graph and Twitter card, its address the canonical one`, async () => {
      const doc = await site.page(page);
      const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute("href");
      assert.equal(canonical, `${BASE}${page}`);
      assert.equal(meta(doc, "og:url"), canonical);
      assert.equal(meta(doc, "og:type"), "article");
      assert.equal(meta(doc, "og:site_name"), "Diff Archive");
      assert.equal(
        meta(doc, "og:title"),
        text(doc.querySelector("title")).replace(/ · Diff Archive$/, ""),
      );
      assert.match(meta(doc, "og:description") ?? "", description);
      assert.equal(meta(doc, "twitter:card"), "summary");
    });
  }

  test("list pages have no article card", async () => {
    assert.equal(meta(await site.page(""), "og:type"), undefined);
  });
});
