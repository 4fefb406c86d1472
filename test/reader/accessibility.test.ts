// Every kind of page, as readers with different needs meet it: axe-core finds no
// violation in either theme, nothing scrolls sideways on a 360 px phone, and the pages
// run under a strict Content-Security-Policy.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeViolations, startReaderSite, type ReaderSite } from "../support/reader.ts";

let reader: ReaderSite;
before(async () => {
  reader = await startReaderSite();
});
after(() => reader?.close());

const PAGES = {
  home: "",
  "headline changes": "headlines/",
  sources: "sources/",
  source: "meridian-wire/",
  article: "meridian-wire/hurricane-teodora-marisal-live-updates/",
  "article with one version": "harbour-herald/gull-point-lighthouse-single-version/",
  "right-to-left article": "sada-al-waha/taqnin-al-miyah-al-sayf/",
  diff: "meridian-wire/vesterra-rail-strike-split-and-merge/changes/1-2/",
  "diff with moves": "harbour-herald/stadium-vote-paragraphs-moved/changes/1-2/",
  "diff of minor changes": "harbour-herald/school-rescue-robot-minor-punctuation/changes/1-2/",
  version: "meridian-wire/hurricane-teodora-marisal-live-updates/versions/3/",
  search: "search/",
  "substantive changes": "substantive/",
  corrections: "corrections/",
  "a source's changes without notice": "meridian-wire/without-notice/",
  statistics: "statistics/",
  "a source's statistics": "meridian-wire/statistics/",
};

describe("axe-core finds no accessibility violation", () => {
  for (const scheme of ["light", "dark"] as const) {
    for (const [name, sitePath] of Object.entries(PAGES)) {
      test(`${name} page, ${scheme} theme`, async () => {
        const { context, page } = await reader.open({ colorScheme: scheme });
        await page.goto(reader.url(sitePath));
        await page.waitForLoadState("networkidle");
        assert.deepEqual(await axeViolations(page), []);
        await context.close();
      });
    }
  }

  test("an article page with a comparison rendered in place", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(PAGES.article));
    await page.getByLabel("Compare from version 2").check();
    await page.getByLabel("Compare to version 9").check();
    await page.getByRole("button", { name: "Compare the two selected versions" }).click();
    await page.locator("#compare .diff").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test("a diff page in the inline view with minor changes hidden", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(PAGES["diff of minor changes"]));
    await page.getByLabel("Inline").check();
    await page.getByLabel("Hide minor changes").check();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});

describe("a 360 px wide phone", () => {
  for (const [name, sitePath] of Object.entries(PAGES)) {
    test(`${name} page does not scroll sideways`, async () => {
      const { context, page } = await reader.open({ width: 360, height: 740 });
      await page.goto(reader.url(sitePath));
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the page is ${width} px wide`);
      await context.close();
    });
  }

  test("a diff chosen side by side still fits, its columns narrowing", async () => {
    const { context, page } = await reader.open({ width: 360, height: 740 });
    await page.goto(reader.url(PAGES.diff));
    await page.getByLabel("Side by side").check();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await context.close();
  });
});

describe("a strict Content-Security-Policy", () => {
  test("blocks nothing the diff and article pages need", async () => {
    const { context, page, violations, errors } = await reader.open();
    await page.goto(reader.url(PAGES.diff));
    await page.keyboard.press("j");
    await page.goto(reader.url(PAGES.article));
    await page.getByRole("button", { name: "Compare the two selected versions" }).click();
    await page.locator("#compare .diff").waitFor();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("page weight", () => {
  test("a typical diff page stays small and never loads the compare code", async () => {
    const { context, page } = await reader.open();
    const loaded: { url: string; bytes: number }[] = [];
    page.on("response", async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      loaded.push({ url: response.url(), bytes: body.length });
    });
    await page.goto(reader.url("meridian-wire/norland-vesterra-radar-talks-stalled/changes/1-2/"));
    await page.waitForLoadState("networkidle");
    const total = loaded.reduce((n, r) => n + r.bytes, 0);
    const lines = loaded.map((r) => `${r.bytes} B ${new URL(r.url).pathname}`);
    console.log(`diff page weight: ${total} B uncompressed\n  ${lines.join("\n  ")}`);
    assert.ok(total < 80_000, `the diff page loads ${total} bytes:\n${lines.join("\n")}`);
    assert.ok(!loaded.some((r) => /compare/.test(r.url)), "the compare code is not loaded");
    await context.close();
  });
});
