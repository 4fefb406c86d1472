// Search as a reader uses it: a real headless Chromium on the built site served over HTTP
// under a base path and the recommended Content-Security-Policy, typing into the search box,
// filtering, and following a result. The archive is test/fixtures/site (two English sources,
// one Russian) plus test/fixtures/search-extra (Tideline Times: "missile", "talks",
// "international", "interview", "café"; Beacon Post: the only "interchange") and a generated
// source of twelve articles about tides, for "More results". Each source has its own bundle,
// so every English search here spans four bundles merged into the page.
import assert from "node:assert/strict";
import { appendFile, cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RECOMMENDED_CSP } from "../../scripts/check-site/index.ts";
import { closeBrowser, launchBrowser, type Browser, type Page } from "../support/browser.ts";
import { ROOT } from "../support/build.ts";
import { axeViolations } from "../support/reader.ts";
import { buildAndServe, type StaticServer } from "../support/serve.ts";

let content: string;
let server: StaticServer;
let browser: Browser;

/** Twelve articles that say "tide", more than the first page of results holds. */
const ALMANAC = 12;

async function searchFixture(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "diff-archive-search-")), "content");
  await cp(path.join(ROOT, "test/fixtures/site"), dir, { recursive: true });
  const extra = path.join(ROOT, "test/fixtures/search-extra");
  for (const source of ["tideline", "beacon"]) {
    await cp(path.join(extra, source), path.join(dir, source), { recursive: true });
  }
  await appendFile(
    path.join(dir, "sources.yaml"),
    (await readFile(path.join(extra, "sources.yaml"), "utf8")) +
      'almanac:\n  name: "Harbour Almanac"\n  homepage: "https://almanac.example/"\n  language: "en"\n',
  );
  await mkdir(path.join(dir, "almanac"));
  for (let i = 1; i <= ALMANAC; i++) {
    const day = String(i).padStart(2, "0");
    await writeFile(
      path.join(dir, "almanac", `tides-${day}.md`),
      `---\nurl: "https://almanac.example/tides/${day}"\ntracking: "active"\nversions:\n` +
        `  - captured_at: "2024-07-${day}T06:00:00Z"\n    headline: "Tide times for July ${i}"\n` +
        `    body: |-\n      High tide at the harbour mouth is expected before noon on day ${i}.\n---\n`,
    );
  }
  return dir;
}

before(async () => {
  content = await searchFixture();
  server = await buildAndServe(content, { "content-security-policy": RECOMMENDED_CSP });
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
  marks: string[];
}

interface Answer {
  status: string;
  suggestions: string;
  results: Result[];
}

interface Opened {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
}

async function openSearch(sitePath = "search/", base = server): Promise<Opened> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(`${base.url}${sitePath}`);
  await page.locator("#search-input").waitFor();
  return { page, problems };
}

/** How the page names a query it answered: its terms, phrases in quotes. */
function answered(query: string): string {
  return query
    .split('"')
    .map((part, i) =>
      i % 2 === 1 && part.trim() ? `"${part.trim().replace(/\s+/g, " ")}"` : part.trim(),
    )
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ");
}

/** Types a query (all at once) and waits until the page has answered it. */
async function search(page: Page, query: string): Promise<Answer> {
  await page.locator("#search-input").fill(query);
  return answer(page, query);
}

/** Waits until the page has answered `query` (its output names the terms it answered). */
async function answer(page: Page, query: string): Promise<Answer> {
  await page.waitForFunction(
    (q) =>
      document.querySelector<HTMLElement>(".search-output")?.dataset.answered === q &&
      !document.querySelector(".search-results")?.hasAttribute("aria-busy"),
    answered(query),
  );
  return readAnswer(page);
}

async function readAnswer(page: Page): Promise<Answer> {
  return page.evaluate(() => {
    // No helper functions in here: this runs in the browser, where the test's module scope is absent.
    const suggestions = document.querySelector<HTMLElement>(".search-suggestions")!;
    return {
      status: (document.querySelector(".search-status")?.textContent ?? "").trim(),
      suggestions: suggestions.hidden ? "" : (suggestions.textContent ?? "").trim(),
      results: [...document.querySelectorAll(".search-results li.search-result")].map((li) => ({
        title: (li.querySelector("a")?.textContent ?? "").trim(),
        href: li.querySelector("a")?.getAttribute("href") ?? "",
        meta: (li.querySelector(".search-result-meta")?.textContent ?? "").trim(),
        excerpt: (li.querySelector(".search-result-excerpt")?.textContent ?? "").trim(),
        marks: [...li.querySelectorAll(".search-result-excerpt mark")].map(
          (m) => m.textContent ?? "",
        ),
      })),
    };
  });
}

/** What Pagefind itself answers (its own candidates, before the page checks them). */
async function pagefindUrls(page: Page, query: string): Promise<string[]> {
  return page.evaluate(async (q) => {
    const form = document.querySelector<HTMLFormElement>("form.search")!;
    const url = `${form.dataset.bundle}pagefind.js`;
    const pagefind = (await import(url)) as {
      search(q: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }>;
    };
    const response = await pagefind.search(q);
    return Promise.all(response.results.map(async (r) => (await r.data()).url));
  }, query);
}

const hrefs = (answer: Answer) => answer.results.map((r) => r.href).sort();

describe("search in the browser", () => {
  it("finds words in the current text, with headline, source, date and a marked excerpt", async () => {
    const { page, problems } = await openSearch();
    const { status, results } = await search(page, "telescope");
    assert.equal(status, "1 result for “telescope”.");
    assert.deepEqual(results, [
      {
        title: "Gull Point lighthouse keeper retires after forty years",
        href: "/archive/quay/lighthouse-keeper/versions/3/",
        meta: "Current text · Quay Courier · 2 January 2024",
        excerpt: results[0]!.excerpt,
        marks: ["telescope"],
      },
    ]);
    assert.match(results[0]!.excerpt, /brass telescope/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("finds a word that only a removed passage held, and leads to the change that removed it", async () => {
    const { page } = await openSearch();
    const { results } = await search(page, "furious");
    assert.equal(results.length, 1, "the word is only in the change that removed it");
    assert.equal(results[0]!.meta, "Removed in version 1 → 2 · Quay Courier · 1 January 2024");
    assert.deepEqual(results[0]!.marks, ["furious"]);
    await page.locator(".search-result a").first().click();
    await page.waitForURL(/\/changes\/1-2\//);
    assert.equal(new URL(page.url()).pathname, "/archive/quay/lighthouse-keeper/changes/1-2/");
    assert.equal(
      (await page.locator("h1").textContent())?.trim(),
      "What changed between version 1 and version 2",
    );
    assert.equal(await page.locator("#c1 del").first().textContent(), "furious");
    await page.close();
  });

  it("says no article contains a word that none does, and offers words that begin alike apart", async () => {
    const { page, problems } = await openSearch();
    // Pagefind alone answers with "inter…" and other words' pages.
    assert.ok((await pagefindUrls(page, "interceptor")).length > 0, "Pagefind offers candidates");
    const got = await search(page, "interceptor");
    assert.equal(got.status, "No article contains “interceptor”.");
    assert.deepEqual(got.results, []);
    assert.equal(
      got.suggestions,
      "Words in the archive that begin with “interc”: interchange",
      "suggested apart from results, and labelled",
    );
    assert.equal(await page.locator(".search-more").isVisible(), false);
    // A suggestion is a button that searches for it.
    await page
      .getByRole("button", { name: "Search for interchange instead of interceptor" })
      .click();
    const chosen = await answer(page, "interchange");
    assert.deepEqual(hrefs(chosen), ["/archive/beacon/ferry-interchange/versions/1/"]);
    assert.equal(await page.locator("#search-input").inputValue(), "interchange");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("shows only the real match when other sources' bundles answer with words that begin alike", async () => {
    const { page } = await openSearch();
    const offered = await pagefindUrls(page, "interchange");
    assert.ok(
      offered.some((u) => !u.startsWith("/archive/beacon/")),
      `other bundles answer too: ${offered.join(", ")}`,
    );
    const got = await search(page, "interchange");
    assert.equal(got.status, "1 result for “interchange”.");
    assert.deepEqual(hrefs(got), ["/archive/beacon/ferry-interchange/versions/1/"]);
    assert.deepEqual(got.results[0]!.marks, ["interchange", "interchange"]);
    assert.equal(got.suggestions, "");
    await page.close();
  });

  it("answers a word still being typed with words that begin with it, then the word's results", async () => {
    const { page, problems } = await openSearch();
    const input = page.locator("#search-input");
    await input.pressSequentially("missi", { delay: 40 });
    const partial = await answer(page, "missi");
    assert.equal(partial.status, "No article contains “missi”.");
    assert.deepEqual(partial.results, []);
    assert.equal(
      partial.suggestions,
      "Words in the archive that begin with “missi”: missile, missiles",
    );
    await input.pressSequentially("le", { delay: 40 });
    const whole = await answer(page, "missile");
    // "missile" and, of the same stem, "missiles".
    assert.deepEqual(hrefs(whole), [
      "/archive/tideline/missile-talks/changes/1-2/",
      "/archive/tideline/missile-talks/versions/2/",
      "/archive/tideline/radar-station/versions/1/",
      "/archive/tideline/test-launch/versions/1/",
    ]);
    assert.equal(whole.suggestions, "");
    assert.deepEqual(whole.results.find((r) => r.href.includes("radar"))!.marks, [
      "missiles",
      "missiles",
    ]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("waits for the reader to stop typing before searching", async () => {
    const { page } = await openSearch();
    // Every status the page announces while the word is typed.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statuses: string[] }).statuses = seen;
      const status = document.querySelector(".search-status")!;
      new MutationObserver(() => seen.push(status.textContent ?? "")).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    // Once search is ready (the source list is filled from the bundles), the page's timers run
    // only as the test moves its clock: a key every 100 ms.
    await page.waitForFunction(() => document.querySelectorAll("#search-source option").length > 1);
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 1000);
    const input = page.locator("#search-input");
    for (const key of "lighthouse") {
      await input.press(key);
      await page.clock.runFor(100);
    }
    await page.clock.runFor(150);
    assert.equal(await page.locator(".search-status").textContent(), "", "nothing searched yet");
    await page.clock.resume();
    const got = await answer(page, "lighthouse");
    assert.ok(got.results.length > 0);
    const statuses = await page.evaluate(
      () => (window as unknown as { statuses: string[] }).statuses,
    );
    assert.deepEqual(statuses, [got.status], "one search, for the whole word");
    await page.close();
  });

  it("needs every word of a query, each as a word or of the same stem", async () => {
    const { page } = await openSearch();
    const got = await search(page, "missile talks");
    assert.equal(got.status, "3 results for “missile talks”.");
    assert.deepEqual(hrefs(got), [
      "/archive/tideline/missile-talks/changes/1-2/",
      "/archive/tideline/missile-talks/versions/2/",
      "/archive/tideline/test-launch/versions/1/",
    ]);
    const stem = await search(page, "talk");
    assert.ok(
      stem.results.some((r) => r.marks.includes("Talks")),
      "“talk” finds “Talks”",
    );
    const none = await search(page, "missile ferry");
    assert.equal(none.status, "No article contains “missile” and “ferry” together.");
    assert.deepEqual(none.results, []);
    const typing = await search(page, "missile tal");
    assert.equal(typing.status, "No article contains “tal”.");
    assert.equal(typing.suggestions, "Words in the archive that begin with “tal”: talks");
    await page.close();
  });

  it("needs a quoted phrase's words side by side", async () => {
    const { page } = await openSearch();
    const got = await search(page, '"missile talks"');
    assert.equal(got.status, "2 results for “missile talks”.");
    assert.deepEqual(hrefs(got), [
      "/archive/tideline/missile-talks/changes/1-2/",
      "/archive/tideline/missile-talks/versions/2/",
    ]);
    assert.ok(got.results.every((r) => r.marks.every((m) => /^missile talks$/i.test(m))));
    const none = await search(page, '"talks missile"');
    assert.equal(none.status, "No article contains “talks missile”.");
    await page.close();
  });

  it("sets case and accents aside", async () => {
    const { page } = await openSearch();
    const got = await search(page, "CAFE");
    assert.deepEqual(hrefs(got), ["/archive/tideline/missile-talks/versions/2/"]);
    assert.deepEqual(got.results[0]!.marks, ["café"]);
    await page.close();
  });

  it("shows ten results, then more on request, with the focus on the first new one", async () => {
    const { page } = await openSearch();
    const first = await search(page, "tide");
    assert.equal(first.results.length, 10);
    assert.equal(first.status, "First 10 results for “tide”; more may follow.");
    const more = page.getByRole("button", { name: "More results" });
    await more.click();
    await page.waitForFunction(
      (n) => document.querySelectorAll(".search-result").length === n,
      ALMANAC,
    );
    const all = await readAnswer(page);
    assert.equal(all.status, `${ALMANAC} results for “tide”.`);
    assert.equal(new Set(all.results.map((r) => r.href)).size, ALMANAC);
    assert.equal(await more.isVisible(), false);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    assert.equal(focused, all.results[10]!.href);
    await page.close();
  });

  it("narrows results by source, and says so when nothing is left", async () => {
    const { page } = await openSearch();
    const all = await search(page, "lighthouse");
    const sources = new Set(all.results.map((r) => r.meta.split(" · ")[1]));
    assert.deepEqual([...sources].sort(), ["Quay Courier", "Ridge Ledger"]);
    const options = await page.locator("#search-source option").allTextContents();
    assert.deepEqual(options, [
      "All sources",
      "Beacon Post",
      "Harbour Almanac",
      "Quay Courier",
      "Ridge Ledger",
      "Tideline Times",
    ]);
    await page.getByLabel("Source").selectOption("Ridge Ledger");
    await page.waitForFunction(() =>
      document.querySelector(".search-status")?.textContent?.includes("source: Ridge Ledger"),
    );
    const narrowed = await readAnswer(page);
    assert.ok(narrowed.results.length > 0 && narrowed.results.length < all.results.length);
    assert.ok(narrowed.results.every((r) => r.href.startsWith("/archive/ridge/")));
    await page
      .locator(".search-result a", { hasText: "Council delays lighthouse repairs until autumn" })
      .first()
      .click();
    await page.waitForURL(/\/ridge\/lighthouse-repairs\//);
    assert.match(
      (await page.locator("h1").textContent()) ?? "",
      /Council delays lighthouse repairs/,
    );
    await page.goBack();
    await page.locator("#search-input").waitFor();
    // The query and filter are in the address, so coming back restores them.
    assert.equal(await page.locator("#search-input").inputValue(), "lighthouse");
    await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0);
    assert.equal(await page.getByLabel("Source").inputValue(), "Ridge Ledger");
    await page.locator("#search-input").fill("telescope");
    const none = await answer(page, "telescope");
    assert.equal(none.status, "No article contains “telescope” (source: Ridge Ledger).");
    await page.close();
  });

  it("narrows results by year across every source's bundle", async () => {
    const { page } = await openSearch();
    const all = await search(page, "lighthouse");
    assert.ok(all.results.some((r) => r.meta.includes("Ridge Ledger")));
    const years = await page.locator("#search-year option").allTextContents();
    assert.deepEqual(years, ["All years", "2024", "2023"], "years from every bundle");
    await page.getByLabel("Year").selectOption("2023");
    await page.waitForFunction(() =>
      document.querySelector(".search-status")?.textContent?.includes("year: 2023"),
    );
    // Only Quay Courier's article was captured in 2023.
    const narrowed = await readAnswer(page);
    assert.ok(narrowed.results.length > 0);
    assert.ok(narrowed.results.every((r) => r.meta.split(" · ")[1] === "Quay Courier"));
    await page.close();
  });

  it("is labelled for assistive technology and announces its answers", async () => {
    const { page } = await openSearch();
    assert.equal(await page.getByRole("searchbox", { name: "Words to find" }).count(), 1);
    assert.equal(await page.getByRole("combobox", { name: "Source" }).count(), 1);
    assert.equal(await page.getByRole("combobox", { name: "Year" }).count(), 1);
    const status = page.locator(".search-status");
    assert.equal(await status.getAttribute("role"), "status");
    assert.equal(await status.getAttribute("aria-live"), "polite");
    // Keyboard only: type, then Tab reaches the first result.
    await page.getByRole("searchbox").focus();
    await page.keyboard.type("telescope");
    await page.keyboard.press("Enter");
    await answer(page, "telescope");
    assert.match((await status.textContent()) ?? "", /1 result for “telescope”/);
    await page.close();
  });

  it("passes axe-core with results, with suggestions, in both themes", async () => {
    // axe-core needs a page of a context of its own.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}search/`);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await search(page, "lighthouse");
      assert.deepEqual(await axeViolations(page), [], `results, ${scheme}`);
      await search(page, "interceptor");
      assert.deepEqual(await axeViolations(page), [], `suggestions, ${scheme}`);
    }
    await context.close();
  });

  it("tells readers without JavaScript that search needs it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}search/`);
    assert.match(
      (await page.locator("main").textContent()) ?? "",
      /Search runs in your browser and needs JavaScript/,
    );
    assert.equal(await page.locator("form.search").isVisible(), false, "no form that cannot work");
    await context.close();
  });

  it("searches other languages on their own page, with their stemmer", async () => {
    const { page, problems } = await openSearch();
    await page.locator('nav.search-languages a[hreflang="ru"]').click();
    await page.waitForURL(/\/search\/ru\/$/);
    await page.locator("#search-input").waitFor();
    const removed = await search(page, "недовольны");
    assert.deepEqual(hrefs(removed), ["/archive/listok/most-zakryt/changes/1-2/#c1"]);
    // "ремонта" is not in the text; "ремонт", of the same stem, is.
    const stem = await search(page, "ремонта");
    assert.deepEqual(hrefs(stem), ["/archive/listok/most-zakryt/versions/2/"]);
    assert.deepEqual(stem.results[0]!.marks, ["ремонт", "ремонт"]);
    const partial = await search(page, "ремо");
    assert.equal(partial.status, "No article contains “ремо”.");
    assert.equal(partial.suggestions, "Words in the archive that begin with “ремо”: ремонт");
    // The English words are not in the Russian index.
    const english = await search(page, "telescope");
    assert.equal(english.status, "No article contains “telescope”.");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("logs no error or warning through a session of searches", async () => {
    const { page, problems } = await openSearch();
    for (const q of ["telescope", "interceptor", "missi", '"missile talks"', "tide", ""]) {
      await page.locator("#search-input").fill(q);
      if (q) await answer(page, q);
    }
    await page.getByRole("button", { name: "More results" }).count();
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe("search across bundles of one article each", () => {
  // SEARCH_BUNDLE_ARTICLES=1: every article is a bundle of its own, merged into the page, as
  // the parts of a large source are.
  let spread: StaticServer;
  before(async () => {
    spread = await buildAndServe(content, {}, { SEARCH_BUNDLE_ARTICLES: "1" });
  });
  after(() => spread?.close());

  it("finds current and removed words in whichever bundle holds them, and nothing else", async () => {
    const { page, problems } = await openSearch("search/", spread);
    const merged = await page.locator("form.search").getAttribute("data-merge-bundles");
    // Ridge Ledger's two articles are in two bundles.
    assert.match(merged ?? "", /pagefind\/ridge--0\//);
    assert.match(merged ?? "", /pagefind\/ridge--1\//);
    const current = await search(page, "seafront");
    assert.deepEqual(
      current.results.map((r) => [r.href, r.meta]),
      [["/archive/ridge/parking-plan/versions/1/", "Current text · Ridge Ledger · 1 June 2024"]],
    );
    const removed = await search(page, "quarrel");
    assert.deepEqual(
      removed.results.map((r) => [r.href, r.meta]),
      [
        [
          "/archive/ridge/lighthouse-repairs/changes/1-2/#c1",
          "Removed in version 1 → 2 · Ridge Ledger · 5 March 2024",
        ],
      ],
    );
    const interchange = await search(page, "interchange");
    assert.deepEqual(hrefs(interchange), ["/archive/beacon/ferry-interchange/versions/1/"]);
    const absent = await search(page, "interceptor");
    assert.equal(absent.status, "No article contains “interceptor”.");
    assert.deepEqual(absent.results, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
