// The order readers see changes in on the front page and in the global feed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { modelOf, testArticle } from "../support/articles.ts";

const article = (slug: string, ...captures: string[]) => testArticle("wire", slug, ...captures);

describe("the site model", () => {
  it("lists changes newest first, those captured at the same moment by id", () => {
    const model = modelOf(
      [{ key: "wire", name: "Wire", homepage: "https://example.org/", language: "en" }],
      [
        // Given out of order, so the tie is settled by id, not by the order of the archive.
        article("b-budget", "2024-01-01T09:00:00Z", "2024-03-01T08:00:00Z"),
        article("a-strike", "2024-01-01T08:00:00Z", "2024-03-01T08:00:00Z"),
        // Three versions: its first → latest comparison is not a change of its own here.
        article("c-flood", "2024-01-02T08:00:00Z", "2024-02-01T08:00:00Z", "2024-04-01T08:00:00Z"),
        article("d-court", "2024-01-03T08:00:00Z", "2024-01-04T08:00:00Z"),
      ],
      readSiteConfig({ SITE_URL: "https://archive.example.net/" }),
    );
    assert.deepEqual(
      model.latestChanges.map((c) => c.id),
      [
        "wire/c-flood/2-3",
        "wire/a-strike/1-2",
        "wire/b-budget/1-2",
        "wire/c-flood/1-2",
        "wire/d-court/1-2",
      ],
    );
    assert.equal(model.totals.changes, 5);
  });
});
