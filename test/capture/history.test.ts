// What a capture writes passes the pull-request check: versions with provenance
// and events are appended; events, like versions, may not be rewritten.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareArticle } from "../../scripts/contribute/history.ts";
import { parseArticleFrontmatter } from "../../scripts/load/index.ts";
import { serializeArticle } from "../../scripts/load/write.ts";
import type { ArticleFrontmatter } from "../../scripts/load/schema.ts";

const context = { ref: "origin/main", now: "2026-03-05T00:00:00Z" };
const base: ArticleFrontmatter = {
  url: "https://echo.test/ferry",
  tracking: "active",
  versions: [
    {
      captured_at: "2026-03-01T10:00:00Z",
      headline: "Ferry fares to rise",
      fetched_url: "https://echo.test/ferry",
      final_url: "https://echo.test/ferry",
      http_status: 200,
      fetched_at: "2026-03-01T10:00:00Z",
      raw_sha256: "a".repeat(64),
      extractor: "readability",
      extractor_version: "1+readability-0.6.0",
      body: "One.\n\nTwo.",
    },
  ],
  events: [{ at: "2026-03-02T10:00:00Z", kind: "gone", status: 404 }],
};

describe("captured files and the append-only check", () => {
  it("writes provenance and events in a fixed order that reads back the same", () => {
    const text = serializeArticle(base);
    const keys = [...text.matchAll(/^\s+-? ?([a-z0-9_]+):/gm)].map((m) => m[1]);
    assert.deepEqual(keys, [
      "captured_at",
      "headline",
      "fetched_url",
      "final_url",
      "http_status",
      "fetched_at",
      "raw_sha256",
      "extractor",
      "extractor_version",
      "body",
      "at",
      "kind",
      "status",
    ]);
    const parsed = parseArticleFrontmatter("x.md", text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.frontmatter, base);
    assert.equal(serializeArticle(parsed.frontmatter!), text);
  });

  it("accepts an appended event and version, refuses a changed or deleted event", () => {
    const baseText = serializeArticle(base);
    const appended = serializeArticle({
      ...base,
      events: [...base.events!, { at: "2026-03-03T10:00:00Z", kind: "back", status: 200 }],
    });
    assert.deepEqual(compareArticle("x.md", baseText, appended, context).problems, []);
    const changed = serializeArticle({ ...base, events: [{ ...base.events![0]!, status: 410 }] });
    assert.match(
      compareArticle("x.md", baseText, changed, context).problems[0]?.message ?? "",
      /events\[0\].*changed/,
    );
    const deleted = serializeArticle({ ...base, events: [] });
    assert.match(
      compareArticle("x.md", baseText, deleted, context).problems[0]?.message ?? "",
      /events\[0\].*deleted/,
    );
    const provenance = serializeArticle({
      ...base,
      versions: [{ ...base.versions[0]!, http_status: 203 }],
    });
    assert.equal(compareArticle("x.md", baseText, provenance, context).problems.length, 1);
  });
});
