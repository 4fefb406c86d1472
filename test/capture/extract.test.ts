// Extraction cases as data: each fixture folder holds a page, the source's rules
// (if any) and the text that must come out (test/fixtures/capture/extract/README.md).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { blockedBy, extract, extractorOf } from "../../scripts/capture/extract.ts";
import { ExtractSchema } from "../../scripts/load/schema.ts";
import { FIXTURES } from "./support.ts";

const CASES = path.join(FIXTURES, "extract");

describe("extraction fixtures", () => {
  for (const name of readdirSync(CASES).filter((entry) => !entry.includes("."))) {
    it(name, () => {
      const folder = path.join(CASES, name);
      const rulesFile = path.join(folder, "rules.json");
      const rules = existsSync(rulesFile)
        ? ExtractSchema.parse(JSON.parse(readFileSync(rulesFile, "utf8")))
        : undefined;
      const expected = JSON.parse(
        readFileSync(path.join(folder, "expected.json"), "utf8"),
      ) as object;
      const { title: _title, ...got } = extract(
        readFileSync(path.join(folder, "page.html"), "utf8"),
        rules,
      );
      assert.deepEqual(got, expected);
    });
  }
});

describe("extractor names and versions", () => {
  it("changes the version when the rules change", () => {
    const a = extractorOf({ body: "article p" });
    const b = extractorOf({ body: "article p", remove: [".ad"] });
    assert.equal(a.name, "rules");
    assert.notEqual(a.version, b.version);
    assert.equal(extractorOf(undefined).name, "readability");
    assert.equal(extractorOf({ headline: "h1" }).name, "rules+readability");
  });

  it("says which rule is not a selector", () => {
    assert.throws(
      () => extract("<p>x</p>", { body: "p[" }),
      /the extract rule "p\[" is not a valid CSS selector/,
    );
  });
});

describe("block pages", () => {
  const page = (title: string, text: string) =>
    extract(
      `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p></article></body></html>`,
    );
  it("recognises bot checks, paywalls and consent walls", () => {
    assert.ok(blockedBy(page("Just a moment...", "Checking if the site connection is secure")));
    assert.ok(blockedBy(page("Ferry fares rise", "Subscribe to continue reading this article.")));
    assert.ok(
      blockedBy(
        page(
          "Before you continue to Echo",
          "We value your privacy. Accept all cookies to continue.",
        ),
      ),
    );
    assert.ok(blockedBy(page("Ferry fares rise", "Members only."), ["^members only\\.$"]));
  });
  it("does not take an ordinary article with a cookie banner for one", () => {
    const html = readFileSync(path.join(CASES, "readability-default", "page.html"), "utf8");
    assert.equal(blockedBy(extract(html)), undefined);
  });
});
