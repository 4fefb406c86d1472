// What a reader can do on the diff and article pages, in a real browser: switch and keep
// the view, step through changes by keyboard or button, land on shared anchors, hide
// minor changes, read the timeline and headline history, and compare any two versions.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { startReaderSite, type ReaderSite } from "../support/reader.ts";

let reader: ReaderSite;
before(async () => {
  reader = await startReaderSite();
});
after(() => reader?.close());

const HURRICANE = "meridian-wire/hurricane-teodora-marisal-live-updates/";
const SPLIT = "meridian-wire/vesterra-rail-strike-split-and-merge/";
const MOVED = "harbour-herald/stadium-vote-paragraphs-moved/";
const MINOR = "harbour-herald/school-rescue-robot-minor-punctuation/";
const RADAR = "meridian-wire/norland-vesterra-radar-talks-stalled/";

const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();

// The address bar as the page has it now. `page.url()` is Playwright's copy, updated by an
// event that can arrive after a key press's history.replaceState has already run.
const hash = (page: Page) => page.evaluate(() => location.hash);
const address = (page: Page) => page.evaluate(() => location.href);

async function announced(page: Page): Promise<string> {
  const region = page.locator("[data-announcer]");
  await page.waitForFunction(() => document.querySelector("[data-announcer]")?.textContent);
  return (await region.textContent()) ?? "";
}

describe("a paragraph changed in place, written once", () => {
  test("gets its two columns from the script, each side exactly its version's paragraph", async () => {
    const { context, page } = await reader.open({ width: 1200 });
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    // No named functions inside: the page runs this code as it is written.
    const rows = await page.locator(".diff .row.edited").evaluateAll((els) =>
      els.map((row) => ({
        old: (row.querySelector(".cell.old")?.textContent ?? "")
          .replace(/^\s*Before: /, "")
          .replace(/\s+/g, " ")
          .trim(),
        new: (row.querySelector(".cell.new")?.textContent ?? "")
          .replace(/^\s*After: /, "")
          .replace(/\s+/g, " ")
          .trim(),
        stray: row.querySelectorAll(".cell.old ins, .cell.new del").length,
      })),
    );
    assert.ok(rows.length > 0);
    const paragraphs = async (n: number) =>
      [...(await reader.site.page(`${RADAR}versions/${n}/`)).querySelectorAll(".text p")].map((p) =>
        (p.textContent ?? "").replace(/\s+/g, " ").trim(),
      );
    const [before, after] = [await paragraphs(1), await paragraphs(2)];
    for (const row of rows) {
      assert.equal(row.stray, 0);
      assert.ok(before.includes(row.old), `"${row.old}" is a paragraph of version 1`);
      assert.ok(after.includes(row.new), `"${row.new}" is a paragraph of version 2`);
    }
    await context.close();
  });

  test("reads inline, whole, on a wide screen without JavaScript", async () => {
    const { context, page } = await reader.open({ width: 1200, javaScript: false });
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    assert.ok(await visible(page, ".row.edited .cell.inline"));
    assert.equal(await page.locator(".row.edited .cell.old").count(), 0);
    await context.close();
  });
});

describe("side by side or inline", () => {
  test("a wide screen starts side by side; the inline choice is kept on the next diff", async () => {
    const { context, page } = await reader.open({ width: 1200 });
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    assert.ok(await page.getByLabel("Side by side").isChecked());
    assert.ok(await visible(page, ".row.changed .cell.old"));
    assert.equal(await visible(page, ".row.changed .cell.inline"), false);

    await page.getByLabel("Inline").check();
    assert.ok(await visible(page, ".row.edited .cell.inline"));
    assert.equal(await visible(page, ".row.edited .cell.old"), false);

    await page.goto(reader.url(`${SPLIT}changes/2-3/`));
    assert.ok(await page.getByLabel("Inline").isChecked(), "the choice is remembered");
    assert.ok(await visible(page, ".row.changed .cell.inline"));
    await context.close();
  });

  test("a phone starts inline, and side by side can be chosen there too", async () => {
    const { context, page } = await reader.open({ width: 360, height: 740 });
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    assert.ok(await page.getByLabel("Inline").isChecked());
    assert.equal(await visible(page, ".row.edited .cell.old"), false);
    await page.getByLabel("Side by side").check();
    await page.reload();
    assert.ok(await page.getByLabel("Side by side").isChecked());
    assert.ok(await visible(page, ".row.edited .cell.old"));
    await context.close();
  });

  test("without JavaScript the controls that need it are not shown", async () => {
    const { context, page } = await reader.open({ javaScript: false });
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    assert.equal(await page.locator(".diff-tools").isVisible(), false);
    assert.ok(await visible(page, ".row.changed .cell.new"), "the diff itself is all there");
    await context.close();
  });
});

describe("moving through the changes", () => {
  test("j and k step through changed paragraphs, focusing, highlighting and announcing each", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    const ids = await page
      .locator(".diff .row.changed")
      .evaluateAll((rows) => rows.map((r) => r.id));
    assert.ok(ids.length >= 3, "the fixture has several changes");

    await page.keyboard.press("j");
    assert.equal(await hash(page), `#${ids[0]}`);
    assert.equal(await page.evaluate(() => document.activeElement?.closest(".row")?.id), ids[0]);
    assert.ok(await page.locator(`#${ids[0]}`).evaluate((r) => r.classList.contains("highlight")));
    assert.match(await announced(page), new RegExp(`^Change 1 of ${ids.length}: `));

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    assert.equal(await hash(page), `#${ids[2]}`);
    await page.keyboard.press("k");
    assert.equal(await hash(page), `#${ids[1]}`);
    assert.equal(await page.locator(".row.highlight").count(), 1, "only one change is highlighted");
    await context.close();
  });

  test("quick presses announce only where the reader ended up", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    const heard = await page.evaluate(async () => {
      const said: string[] = [];
      new MutationObserver(() => {
        const text = document.querySelector("[data-announcer]")?.textContent;
        if (text) said.push(text);
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      for (const key of ["j", "j", "j"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      return said;
    });
    assert.equal(heard.length, 1, `one announcement, heard: ${JSON.stringify(heard)}`);
    assert.match(heard[0]!, /^Change 3 of \d+: /);
    await context.close();
  });

  test("the on-page buttons do the same, and say when there is no further change", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${SPLIT}changes/1-2/`));
    const count = await page.locator(".diff .row.changed").count();
    const next = page.getByRole("button", { name: "Next change" });
    for (let i = 0; i < count; i++) await next.click();
    assert.match(await announced(page), new RegExp(`^Change ${count} of ${count}`));
    await next.click();
    await page.waitForFunction(() =>
      document.querySelector("[data-announcer]")?.textContent?.includes("last change"),
    );
    await page.getByRole("button", { name: "Previous change" }).click();
    if (count > 1) assert.match(await announced(page), new RegExp(`^Change ${count - 1} of`));
    await context.close();
  });

  test("a shared link to a change lands on it, highlighted", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${MOVED}changes/1-2/#c2`));
    const row = page.locator("#c2");
    assert.ok(await row.evaluate((r) => r.matches(":target") && r.classList.contains("highlight")));
    const label = row.locator(".label");
    const background = await label.evaluate((l) => getComputedStyle(l).backgroundColor);
    assert.notEqual(background, "rgba(0, 0, 0, 0)", "the targeted change stands out");
    const box = await label.boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 900, "it is scrolled into view");
    await context.close();
  });
});

describe("moves, splits, merges and minor changes", () => {
  test("moved, split and merged paragraphs are labelled as such", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${MOVED}changes/1-2/`));
    assert.ok((await page.locator(".row.moved").count()) > 0);
    assert.match(
      (await page.locator(".row.moved .label").first().textContent()) ?? "",
      /Moved · ¶\d+, was ¶\d+/,
    );
    await page.goto(reader.url(`${SPLIT}changes/1-2/`));
    assert.match((await page.locator(".row.split .label").first().textContent()) ?? "", /Split/);
    await page.goto(reader.url(`${SPLIT}changes/2-3/`));
    assert.match((await page.locator(".row.merged .label").first().textContent()) ?? "", /Merged/);
    await context.close();
  });

  test("minor changes are dimmed, and can be hidden; the choice is kept", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${MINOR}changes/2-3/`));
    const minor = page.locator(".row.minor").first();
    assert.ok(await minor.locator(".cell.new").isVisible());
    const [minorColour, normalColour] = await page.evaluate(() => [
      getComputedStyle(document.querySelector(".row.minor .cell.new")!).color,
      getComputedStyle(document.querySelector(".diff-tools")!).color,
    ]);
    assert.notEqual(minorColour, normalColour, "minor changes are dimmed");

    await page.getByLabel("Hide minor changes").check();
    assert.equal(await minor.locator(".cell.new").isVisible(), false);
    await page.keyboard.press("j");
    assert.match(await announced(page), /no changes to move to|^Change/);

    await page.reload();
    assert.ok(await page.getByLabel("Hide minor changes").isChecked());
    assert.equal(await minor.locator(".cell.new").isVisible(), false);
    await context.close();
  });
});

describe("how the article evolved", () => {
  test("a chart of change sizes, with a text alternative and headline changes marked", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(HURRICANE));
    const chart = page.getByRole("img", { name: /Size of each of the 11 changes/ });
    assert.ok(await chart.isVisible());
    assert.equal(await page.locator(".timeline g.change").count(), 11);
    const headlineChanges = await page.locator("table.versions tr.headline-changed").count();
    assert.equal(await page.locator(".timeline .headline-mark").count(), headlineChanges);
    assert.match(
      (await page.locator(".timeline figcaption").textContent()) ?? "",
      new RegExp(`headline changed ${headlineChanges} times`),
    );
    await context.close();
  });

  test("the headline's history lists every wording, oldest first", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(HURRICANE));
    const section = page.getByRole("region", { name: "How the headline changed" });
    const items = section.locator("li");
    const headlineChanges = await page.locator("table.versions tr.headline-changed").count();
    assert.equal(await items.count(), headlineChanges + 1);
    assert.match((await items.first().textContent()) ?? "", /Version 1/);
    const last = items.last();
    assert.ok((await last.locator("ins").count()) > 0, "the new wording is marked");
    await context.close();
  });

  test("the home page leads to a list of headline changes only", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(""));
    await page.getByRole("link", { name: "Browse only headline changes" }).click();
    await page.waitForURL(/headlines\/$/);
    const items = page.locator(".headline-changes > li");
    assert.ok((await items.count()) > 0);
    for (const item of await items.all()) {
      assert.ok(await item.locator(".before").isVisible());
      assert.ok(await item.locator(".after").isVisible());
    }
    await context.close();
  });
});

/** What a reader sees in a diff: each row's kind, label and marks, anchors aside. */
function rowsOf(page: Page, container: string) {
  return page.locator(`${container} .diff > .row`).evaluateAll((rows) =>
    rows.map((row) => ({
      classes: [...row.classList]
        .filter((c) => c !== "highlight")
        .sort()
        .join(" "),
      label:
        row.querySelector(".label")?.textContent?.replace("#", "").replace(/\s+/g, " ").trim() ??
        "",
      cells: [...row.querySelectorAll(".cell")].map((cell) => ({
        classes: cell.className,
        text: cell.textContent?.replace(/\s+/g, " ").trim(),
        marks: [...cell.querySelectorAll("ins, del")].map((m) => `${m.tagName}:${m.textContent}`),
      })),
    })),
  );
}

function fieldsOf(page: Page, container: string) {
  return page
    .locator(`${container} .fields`)
    .evaluateAll((lists) => lists.map((l) => l.innerHTML.replace(/\s+/g, " ")));
}

describe("comparing any two versions", () => {
  for (const [from, to] of [
    [3, 4],
    [1, 12],
  ] as const) {
    test(`versions ${from} and ${to} compared in the browser read exactly like the precomputed page`, async () => {
      const { context, page } = await reader.open();
      await page.goto(reader.url(`${HURRICANE}changes/${from}-${to}/`));
      const expectedRows = await rowsOf(page, "main");
      const expectedFields = await fieldsOf(page, "main");
      assert.ok(expectedRows.some((r) => r.classes.includes("changed")));

      await page.goto(reader.url(HURRICANE));
      await page.getByLabel(`Compare from version ${from}`, { exact: true }).check();
      await page.getByLabel(`Compare to version ${to}`, { exact: true }).check();
      await page.getByRole("button", { name: "Compare the two selected versions" }).click();
      await page.locator("#compare .diff").waitFor();
      assert.deepEqual(await rowsOf(page, "#compare"), expectedRows);
      assert.deepEqual(await fieldsOf(page, "#compare"), expectedFields);
      assert.equal(await hash(page), `#compare-${from}-${to}`);
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "compare-h",
        "focus moves to the comparison",
      );
      await context.close();
    });
  }

  test("a pair the build did not precompute is compared, and its link can be shared", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(HURRICANE));
    await page.getByLabel("Compare from version 2").check();
    await page.getByLabel("Compare to version 9").check();
    await page.getByRole("button", { name: "Compare the two selected versions" }).click();
    await page.locator("#compare .diff").waitFor();
    const heading = await page.locator("#compare-h").textContent();
    assert.match(heading ?? "", /Version 2 compared with version 9/);
    // The newer side rebuilds version 9 exactly, paragraph by paragraph: each shown (changed,
    // or unchanged and written once across both columns) or folded into a link to it.
    const version9 = await reader.site.page(`${HURRICANE}versions/9/`);
    const expected = [...version9.querySelectorAll(".text p")].map((p) =>
      (p.textContent ?? "").replace(/\s+/g, " ").trim(),
    );
    const shown = await page
      .locator("#compare .diff .cell.new p, #compare .diff .cell.both:not(.fold) p, #compare .fold")
      .evaluateAll((ps) =>
        ps.map((p) => {
          const text = (p.textContent ?? "")
            .replace(/\s+/g, " ")
            .replace(/^After: /, "")
            .trim();
          const fold = /\(¶(\d+)(?:–(\d+))?\)/.exec(text);
          if (!p.classList.contains("fold") || !fold) return text;
          return { from: Number(fold[1]), to: Number(fold[2] ?? fold[1]) };
        }),
      );
    const rebuilt = shown.flatMap((item) =>
      typeof item === "string" ? [item] : expected.slice(item.from - 1, item.to),
    );
    assert.deepEqual(rebuilt, expected);
    assert.ok(
      shown.every((item) => typeof item === "string" || item.to <= expected.length),
      "every fold names paragraphs of version 9",
    );

    const shared = await address(page);
    const { context: other, page: second } = await reader.open();
    await second.goto(shared);
    await second.locator("#compare .diff").waitFor();
    assert.match(
      (await second.locator("#compare-h").textContent()) ?? "",
      /Version 2 compared with version 9/,
    );
    await other.close();
    await context.close();
  });

  test("the compare code is fetched only when the reader uses the form", async () => {
    const { context, page } = await reader.open();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(reader.url(HURRICANE));
    await page.waitForLoadState("networkidle");
    assert.ok(!scripts.some((s) => s.includes("compare")), `loaded: ${scripts.join(", ")}`);
    await page.getByLabel("Compare from version 5").check();
    await page.waitForLoadState("networkidle");
    assert.ok(
      scripts.some((s) => s.includes("compare")),
      "picking a version fetches it",
    );
    await context.close();
  });

  test("without JavaScript, every row links the change that produced its version", async () => {
    const { context, page } = await reader.open({ javaScript: false });
    await page.goto(reader.url(HURRICANE));
    assert.equal(await page.locator("input[type=radio]").first().isVisible(), false);
    assert.equal(await page.getByRole("button", { name: /Compare/ }).count(), 0);
    const links = await page
      .locator("table.versions a[href*='/changes/']")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.equal(links.length, 11);
    assert.ok(
      await page.getByRole("link", { name: "Compare the first and latest versions" }).isVisible(),
    );
    await context.close();
  });
});

describe("print", () => {
  test("marks stay legible in black and white, and the controls are left out", async () => {
    const { context, page } = await reader.open();
    await page.goto(reader.url(`${RADAR}changes/1-2/`));
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".diff-tools").isVisible(), false);
    const marks = await page.evaluate(() => ({
      ins: getComputedStyle(document.querySelector(".row.changed ins")!, "::before").content,
      del: getComputedStyle(document.querySelector(".row.changed del")!, "::before").content,
      insColour: getComputedStyle(document.querySelector(".row.changed ins")!).color,
    }));
    assert.equal(marks.ins, '"[+"');
    assert.equal(marks.del, '"[−"');
    assert.equal(marks.insColour, "rgb(0, 0, 0)");
    await context.close();
  });
});
