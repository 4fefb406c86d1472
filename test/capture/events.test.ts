// The capture log on article pages: events and extraction changes, escaped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHTML } from "linkedom";
import type { Article } from "../../scripts/load/types.ts";
import { captureNotes, renderEvents } from "../../scripts/render/events.ts";

const base: Article = {
  source: "echo",
  slug: "ferry",
  file: "content/echo/ferry.md",
  url: "https://echo.test/ferry",
  tracking: "active",
  corrections: [],
  versions: [
    {
      number: 1,
      capturedAt: "2026-03-01T10:00:00Z",
      time: Date.parse("2026-03-01T10:00:00Z"),
      headline: "A",
      paragraphs: ["x"],
    },
    {
      number: 2,
      capturedAt: "2026-03-02T10:00:00Z",
      time: Date.parse("2026-03-02T10:00:00Z"),
      headline: "A",
      paragraphs: ["y"],
      extractor: "rules",
      extractorVersion: '1+<img src=x onerror="alert(1)">',
      extractionChange: true,
    },
  ],
};

describe("renderEvents", () => {
  it("renders nothing for an article with no events and no extraction changes", () => {
    assert.equal(renderEvents({ ...base, versions: [base.versions[0]!] }).value, "");
  });

  it("lists events and extraction changes oldest first, with everything escaped", () => {
    const article: Article = {
      ...base,
      events: [
        { at: "2026-03-01T12:00:00Z", kind: "gone", status: 404 },
        {
          at: "2026-03-03T12:00:00Z",
          kind: "redirected",
          status: 301,
          url: 'https://echo.test/"><script>alert(1)</script>',
        },
      ],
    };
    assert.deepEqual(
      captureNotes(article).map((note) => note.anchor),
      ["event-1", "extraction-2", "event-2"],
    );
    const markup = renderEvents(article).value;
    assert.doesNotMatch(markup, /<script>|<img/);
    const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
    assert.equal(document.querySelectorAll("li").length, 3);
    assert.equal(document.querySelectorAll("script, img").length, 0);
    assert.match(
      document.querySelector("#extraction-2")?.textContent ?? "",
      /not because the publisher edited/,
    );
    assert.match(document.querySelector("#event-1")?.textContent ?? "", /HTTP status 404/);
  });
});
