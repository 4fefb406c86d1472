// The canonical writer: one way to write each article, read back exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  normaliseParagraphs,
  parseArticleFrontmatter,
  parseSourcesFile,
  serializeArticle,
  serializeSources,
} from "../../scripts/load/index.ts";
import type { ArticleFrontmatter } from "../../scripts/load/schema.ts";

const talks: ArticleFrontmatter = {
  url: "https://news.bbc.co.uk/1/hi/world/europe/7302530.stm",
  tracking: "stopped",
  versions: [
    {
      body: "US Secretary of State Condoleezza Rice held talks in Moscow.\n\nBoth sides described the talks as positive.",
      headline: "Russia, US renew 'positive' talks",
      captured_at: "2008-03-18T09:05:00Z",
    },
    {
      captured_at: "2008-03-18T22:12:00Z",
      headline: "Russia-US missile talks 'stalled'",
      byline: "By Steve Rosenberg",
      standfirst: "No breakthrough",
      archive_url: "https://web.archive.org/web/2008/http://news.bbc.co.uk/",
      body: "Russia said the talks had stalled.",
    },
  ],
};

function readBack(text: string) {
  const parsed = parseArticleFrontmatter("content/bbc/russia-us-talks.md", text);
  assert.deepEqual(parsed.problems, []);
  return parsed;
}

test("an article is written with fixed key order, quoted strings and literal-block bodies", () => {
  assert.equal(
    serializeArticle(talks, "Captured from the UK edition."),
    `---
url: "https://news.bbc.co.uk/1/hi/world/europe/7302530.stm"
tracking: "stopped"
versions:
  - captured_at: "2008-03-18T09:05:00Z"
    headline: "Russia, US renew 'positive' talks"
    body: |-
      US Secretary of State Condoleezza Rice held talks in Moscow.

      Both sides described the talks as positive.
  - captured_at: "2008-03-18T22:12:00Z"
    headline: "Russia-US missile talks 'stalled'"
    byline: "By Steve Rosenberg"
    standfirst: "No breakthrough"
    archive_url: "https://web.archive.org/web/2008/http://news.bbc.co.uk/"
    body: |-
      Russia said the talks had stalled.
---

Captured from the UK edition.
`,
  );
});

test("text YAML 1.1 would have turned into numbers, booleans or dates is quoted and read back as text", () => {
  const tricky: ArticleFrontmatter = {
    url: "https://www.example.com/a",
    tracking: "active",
    versions: [
      {
        captured_at: "2024-05-01T09:00:00+02:00",
        headline: "0123",
        byline: "true",
        standfirst: "2024-05-01",
        body: "1.10\n\nno\n\n# not a heading in YAML\n\n- not a list item: really",
      },
    ],
  };
  const text = serializeArticle(tricky);
  assert.match(text, /headline: "0123"/);
  assert.match(text, /byline: "true"/);
  assert.deepEqual(readBack(text).frontmatter, tricky);
});

test("long strings are never wrapped, so a changed headline changes one line", () => {
  const headline = "A very long headline ".repeat(20).trim();
  const text = serializeArticle({ ...talks, versions: [{ ...talks.versions[0]!, headline }] });
  assert.ok(text.split("\n").includes(`    headline: "${headline}"`));
});

test("corrections keep their order and their version number stays a number", () => {
  const corrected: ArticleFrontmatter = {
    ...talks,
    corrections: [
      {
        date: "2008-03-20T10:00:00Z",
        version: 2,
        fields: ["byline"],
        reason: "Byline was misspelt.",
      },
    ],
  };
  const text = serializeArticle(corrected);
  assert.match(text, /corrections:\n {2}- date: "2008-03-20T10:00:00Z"\n {4}version: 2\n/);
  assert.deepEqual(readBack(text).frontmatter, corrected);
});

test("the file ends with one newline and has no carriage returns, with or without a note", () => {
  for (const text of [
    serializeArticle(talks),
    serializeArticle(talks, "\r\n\r\nA note.\r\n\r\n"),
  ]) {
    assert.ok(text.endsWith("\n") && !text.endsWith("\n\n"));
    assert.ok(!text.includes("\r"));
  }
  assert.equal(
    readBack(serializeArticle(talks, "\n\n  Indented code\n\n")).note,
    "  Indented code",
  );
});

// Strings as the loader leaves them: trimmed, non-empty, any Unicode.
const text = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .map((s) => s.normalize("NFC").replace(/\s+/g, " ").trim())
  .filter((s) => s !== "");
const body = fc
  .array(text, { minLength: 1, maxLength: 5 })
  .map((paragraphs) => normaliseParagraphs(paragraphs.join("\n\n")).join("\n\n"))
  .filter((s) => s !== "");
const timestamp = fc
  .date({
    min: new Date("1990-01-01T00:00:00Z"),
    max: new Date("2100-01-01T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const webUrl = fc.webUrl({ validSchemes: ["http", "https"] });

const version = fc.record(
  {
    captured_at: timestamp,
    headline: text,
    byline: text,
    standfirst: text,
    archive_url: webUrl,
    body,
  },
  { requiredKeys: ["captured_at", "headline", "body"], noNullPrototype: true },
);

// A valid history: each version an hour after the one before, and different from it.
const history = fc.array(version, { minLength: 1, maxLength: 3 }).map((versions) =>
  versions.map((v, i) => ({
    ...v,
    captured_at: new Date(Date.parse(versions[0]!.captured_at) + i * 3_600_000).toISOString(),
    headline: i === 0 ? v.headline : `${v.headline} (update ${i})`,
  })),
);

const frontmatter: fc.Arbitrary<ArticleFrontmatter> = fc.record(
  {
    url: webUrl,
    tracking: fc.constantFrom("active" as const, "stopped" as const),
    versions: history,
  },
  { noNullPrototype: true },
);

test("round trip: reading a written article gives back the same data, and writing it again the same text", () => {
  fc.assert(
    fc.property(frontmatter, fc.option(text, { nil: undefined }), (data, note) => {
      const written = serializeArticle(data, note);
      const parsed = parseArticleFrontmatter("content/bbc/a.md", written);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.frontmatter, data);
      assert.equal(parsed.note, note);
      assert.equal(serializeArticle(parsed.frontmatter!, parsed.note), written);
    }),
    { numRuns: 300 },
  );
});

test("sources.yaml is written sorted by key, with a key that looks like a number kept as text", () => {
  const written = serializeSources({
    nytimes: { name: "The New York Times", homepage: "https://www.nytimes.com", language: "en" },
    "1843": {
      language: "en",
      homepage: "https://www.1843magazine.com",
      name: "1843",
      description: "A magazine.",
    },
  });
  assert.equal(
    written,
    `"1843":
  name: "1843"
  homepage: "https://www.1843magazine.com"
  language: "en"
  description: "A magazine."
nytimes:
  name: "The New York Times"
  homepage: "https://www.nytimes.com"
  language: "en"
`,
  );
  const parsed = parseSourcesFile("content/sources.yaml", written);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    parsed.sources.map((s) => [s.key, s.name]),
    [
      ["1843", "1843"],
      ["nytimes", "The New York Times"],
    ],
  );
});
