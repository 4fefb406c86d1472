// Search as a reader uses it: a real headless Chromium on the built site served over HTTP
// under a base path, typing into Pagefind's search box, filtering, and following a result.
// Each source has its own bundle: the English page loads Quay Courier's and merges Ridge
// Ledger's, so every English search and filter here spans two bundles.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { closeBrowser, launchBrowser, type Browser, type Page } from "../support/browser.ts";
import { ROOT } from "../support/build.ts";
import { buildAndServe, type StaticServer } from "../support/serve.ts";

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await buildAndServe(path.join(ROOT, "test/fixtures/site"));
  browser = await launchBrowser();
});

after(async () => {
  await closeBrowser(browser);
  await server?.close();
});

interface Result {
  title: string;
  href: string;
  meta: string;
  excerpt: string;
}

/** Types a query expected to match, and waits until its results have loaded (lazily, in Pagefind). */
async function search(page: Page, query: string): Promise<Result[]> {
  await page.locator("pagefind-input input").fill(query);
  // The summary names the query in the page's language once the search is done.
  await page.waitForFunction(
    (q) =>
      (document.querySelector("pagefind-summary")?.textContent ?? "").includes(q) &&
      document.querySelector("pagefind-results ul.pf-results")?.getAttribute("aria-busy") ===
        "false" &&
      document.querySelectorAll("pagefind-results a.pf-result-link").length > 0 &&
      document.querySelectorAll("pagefind-results .pf-skeleton").length === 0,
    query,
  );
  return readResults(page);
}

async function readResults(page: Page): Promise<Result[]> {
  return page.locator("pagefind-results li.pf-result").evaluateAll((items) =>
    // No helper functions in here: this runs in the browser, where the test's module scope is absent.
    items.map((li) => ({
      title: (li.querySelector("a.pf-result-link")?.textContent ?? "").replace(/\s+/g, " ").trim(),
      href: li.querySelector("a.pf-result-link")?.getAttribute("href") ?? "",
      meta: (li.querySelector(".pf-result-meta")?.textContent ?? "").replace(/\s+/g, " ").trim(),
      excerpt: (li.querySelector(".pf-result-excerpt")?.textContent ?? "")
        .replace(/\s+/g, " ")
        .trim(),
    })),
  );
}

/** Ridge Ledger's current and removed words are found, leading to its version and change. */
async function assertRidgeWordsFound(page: Page): Promise<void> {
  const current = await search(page, "seafront");
  assert.deepEqual(
    current.map((r) => [r.href, r.meta]),
    [["/archive/ridge/parking-plan/versions/1/", "Current text · Ridge Ledger · 1 June 2024"]],
  );
  const removed = await search(page, "quarrel");
  assert.deepEqual(
    removed.map((r) => [r.href, r.meta]),
    [
      [
        "/archive/ridge/lighthouse-repairs/changes/1-2/#c1",
        "Removed in version 1 → 2 · Ridge Ledger · 5 March 2024",
      ],
    ],
  );
}

async function openSearch(): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}search/`);
  assert.deepEqual(errors, []);
  return page;
}

describe("search in the browser", () => {
  it("finds words in the current text, with headline, source, date and excerpt", async () => {
    const page = await openSearch();
    const results = await search(page, "telescope");
    assert.equal(results.length, 1);
    assert.deepEqual(results[0], {
      title: "Gull Point lighthouse keeper retires after forty years",
      href: "/archive/quay/lighthouse-keeper/versions/3/",
      meta: "Current text · Quay Courier · 2 January 2024",
      excerpt: results[0]!.excerpt,
    });
    assert.match(results[0]!.excerpt, /brass telescope/);
    await page.close();
  });

  it("finds a word that was removed and leads to the change that removed it", async () => {
    const page = await openSearch();
    const results = await search(page, "furious");
    assert.equal(results.length, 1, "the word is only in the change that removed it");
    assert.equal(results[0]!.meta, "Removed in version 1 → 2 · Quay Courier · 1 January 2024");
    await page.locator("a.pf-result-link").first().click();
    await page.waitForURL(/\/changes\/1-2\//);
    assert.equal(new URL(page.url()).pathname, "/archive/quay/lighthouse-keeper/changes/1-2/");
    assert.equal(
      (await page.locator("h1").textContent())?.trim(),
      "What changed between version 1 and version 2",
    );
    assert.equal(await page.locator("#c1 del").first().textContent(), "furious");
    await page.close();
  });

  it("narrows results by source", async () => {
    const page = await openSearch();
    const all = await search(page, "lighthouse");
    const sources = new Set(all.map((r) => r.meta.split(" · ")[1]));
    assert.deepEqual([...sources].sort(), ["Quay Courier", "Ridge Ledger"]);

    await page.locator('pagefind-filter-dropdown[filter="source"] .pf-dropdown-trigger').click();
    await page
      .locator(
        'pagefind-filter-dropdown[filter="source"] [role="option"][data-value="Ridge Ledger"]',
      )
      .click();
    // While the filter applies, the list is briefly empty: wait for results, all from the source.
    await page.waitForFunction(() => {
      const metas = [...document.querySelectorAll("pagefind-results .pf-result-meta")];
      return (
        metas.length > 0 &&
        metas.every((m) => m.textContent?.includes("Ridge Ledger")) &&
        document.querySelectorAll("pagefind-results .pf-skeleton").length === 0
      );
    });
    const narrowed = await readResults(page);
    assert.ok(narrowed.length > 0 && narrowed.length < all.length);
    assert.ok(narrowed.every((r) => r.href.startsWith("/archive/ridge/")));

    await page
      .locator("a.pf-result-link", { hasText: "Council delays lighthouse repairs until autumn" })
      .first()
      .click();
    await page.waitForURL(/\/ridge\/lighthouse-repairs\//);
    assert.match(
      (await page.locator("h1").textContent()) ?? "",
      /Council delays lighthouse repairs/,
    );
    await page.close();
  });

  it("finds current and removed words of a source whose bundle is merged into the page", async () => {
    const page = await openSearch();
    await assertRidgeWordsFound(page);
    await page.close();
  });

  it("narrows results by year across every source's bundle", async () => {
    const page = await openSearch();
    const all = await search(page, "lighthouse");
    assert.ok(all.some((r) => r.meta.includes("Ridge Ledger")));
    await page.locator('pagefind-filter-dropdown[filter="year"] .pf-dropdown-trigger').click();
    const years = await page
      .locator('pagefind-filter-dropdown[filter="year"] [role="option"]')
      .evaluateAll((options) => options.map((o) => o.getAttribute("data-value")));
    assert.deepEqual([...years].sort(), ["2023", "2024"], "years from both bundles");
    await page
      .locator('pagefind-filter-dropdown[filter="year"] [role="option"][data-value="2023"]')
      .click();
    // Only Quay Courier's article was captured in 2023.
    await page.waitForFunction(() => {
      const links = [...document.querySelectorAll("pagefind-results a.pf-result-link")];
      return (
        links.length > 0 &&
        links.every((a) => a.getAttribute("href")?.startsWith("/archive/quay/")) &&
        document.querySelectorAll("pagefind-results .pf-skeleton").length === 0
      );
    });
    const narrowed = await readResults(page);
    assert.deepEqual(
      narrowed.map((r) => r.meta.split(" · ")[1]),
      narrowed.map(() => "Quay Courier"),
    );
    await page.close();
  });

  it("tells readers without JavaScript that search needs it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}search/`);
    assert.match(
      (await page.locator("main").textContent()) ?? "",
      /Search runs in your browser and needs JavaScript/,
    );
    await context.close();
  });

  it("searches other languages on their own page", async () => {
    const page = await openSearch();
    await page.locator('nav.search-languages a[hreflang="ru"]').click();
    await page.waitForURL(/\/search\/ru\/$/);
    const results = await search(page, "недовольны");
    assert.equal(results.length, 1);
    assert.equal(results[0]!.href, "/archive/listok/most-zakryt/changes/1-2/#c1");
    await page.close();
  });
});

describe("search across bundles of one article each", () => {
  // SEARCH_BUNDLE_ARTICLES=1: every article is a bundle of its own, merged into the page, as
  // the parts of a large source are.
  let spread: StaticServer;
  before(async () => {
    spread = await buildAndServe(
      path.join(ROOT, "test/fixtures/site"),
      {},
      {
        SEARCH_BUNDLE_ARTICLES: "1",
      },
    );
  });
  after(() => spread?.close());

  it("finds current and removed words in whichever bundle holds them", async () => {
    const page = await browser.newPage();
    await page.goto(`${spread.url}search/`);
    const merged = await page.locator("[data-merge-bundles]").getAttribute("data-merge-bundles");
    // Ridge Ledger's two articles are in two bundles.
    assert.match(merged ?? "", /pagefind\/ridge--0\//);
    assert.match(merged ?? "", /pagefind\/ridge--1\//);
    await assertRidgeWordsFound(page);
    const all = await search(page, "lighthouse");
    const sources = new Set(all.map((r) => r.meta.split(" · ")[1]));
    assert.deepEqual([...sources].sort(), ["Quay Courier", "Ridge Ledger"]);
    await page.close();
  });
});
