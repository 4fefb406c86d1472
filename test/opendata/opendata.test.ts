// The JSON files researchers download: shapes, values, and that every address in them exists.
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { diffVersions } from "../../scripts/diff/index.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import {
  applyParagraphEdits,
  expandHistory,
  paragraphEdits,
  type ArticleHistoryJson,
  type ArticlesIndexJson,
} from "../../scripts/opendata/index.ts";
import { renderComparison } from "../../scripts/render/comparison.ts";
import { buildFixture, ROOT, type BuiltSite } from "../support/build.ts";

const SITE = "https://news.example.org/";
let site: BuiltSite;
let files: Set<string>;

before(async () => {
  site = await buildFixture(path.join(ROOT, "test/fixtures/site"), { SITE_URL: SITE });
  files = new Set(await site.files());
});

async function json<T>(sitePath: string): Promise<T> {
  return JSON.parse(await site.read(sitePath)) as T;
}

function assertExists(url: string): void {
  assert.ok(url.startsWith(SITE), `${url} is an absolute address on the site`);
  const p = url.slice(SITE.length).replace(/#.*$/, "");
  assert.ok(files.has(p.endsWith("/") || p === "" ? `${p}index.html` : p), `${url} was built`);
}

describe("article history (history.json)", () => {
  it("holds every version exactly as captured, and the statistics of every change", async () => {
    const h = expandHistory(await json<ArticleHistoryJson>("quay/lighthouse-keeper/history.json"));
    assert.deepEqual(Object.keys(h), [
      "format",
      "id",
      "url",
      "source",
      "slug",
      "tracking",
      "note",
      "first_seen",
      "last_seen",
      "page",
      "feed",
      "versions",
      "changes",
    ]);
    assert.equal(h.format, "diff-archive/article-history/2");
    assert.equal(h.url, "https://quay-courier.example/news/lighthouse-keeper");
    assert.deepEqual(h.source, {
      key: "quay",
      name: "Quay Courier",
      language: "en",
      homepage: "https://quay-courier.example/",
    });
    assert.equal(h.first_seen, "2023-12-31T22:00:00Z");
    assert.equal(h.last_seen, "2024-01-02T09:30:00Z");
    assert.deepEqual(
      h.versions.map((v) => [
        v.number,
        v.captured_at,
        v.headline,
        v.byline,
        v.standfirst,
        v.paragraphs.length,
      ]),
      [
        [
          1,
          "2023-12-31T22:00:00Z",
          "Lighthouse keeper retires after forty years",
          "Morwenna Trask",
          null,
          3,
        ],
        [
          2,
          "2024-01-01T09:00:00Z",
          "Lighthouse keeper retires after forty years",
          "Morwenna Trask",
          null,
          3,
        ],
        // The offset is kept as written; first_seen/last_seen are UTC.
        [
          3,
          "2024-01-02T10:30:00+01:00",
          "Gull Point lighthouse keeper retires after forty years",
          "Morwenna Trask",
          null,
          3,
        ],
      ],
    );
    assert.match(h.versions[0]!.paragraphs[1]!, /furious/);
    // Written as the first version in full, then each as edits of the one before.
    const raw = await json<ArticleHistoryJson>("quay/lighthouse-keeper/history.json");
    assert.deepEqual(
      raw.versions.map((v) => [v.paragraphs === null, v.paragraph_edits === null]),
      [
        [false, true],
        [true, false],
        [true, false],
      ],
    );
    // The edited paragraph is a rewrite of the old one, word by word.
    assert.ok(
      raw.versions[1]!.paragraph_edits!.some((e) => typeof e === "object" && "ops" in e),
      JSON.stringify(raw.versions[1]!.paragraph_edits),
    );
    assert.deepEqual(
      h.changes.map((c) => [c.from, c.to, c.captured_at, c.fields, c.stats.words_removed > 0]),
      [
        [1, 2, "2024-01-01T09:00:00Z", [], true],
        [2, 3, "2024-01-02T09:30:00Z", ["headline"], true],
      ],
    );
    assert.deepEqual(Object.keys(h.changes[0]!.stats).sort(), [
      "minor_only",
      "paragraphs_added",
      "paragraphs_edited",
      "paragraphs_merged",
      "paragraphs_moved",
      "paragraphs_removed",
      "paragraphs_split",
      "words_added",
      "words_removed",
    ]);
    assert.deepEqual(h.changes[0]!.summary, ["1 paragraph edited"]);
    for (const url of [
      h.page,
      h.feed,
      ...h.versions.map((v) => v.page),
      ...h.changes.map((c) => c.page),
    ]) {
      assertExists(url);
    }
  });

  it("is linked from the article's page", async () => {
    const doc = await site.page("quay/lighthouse-keeper/");
    assert.ok(doc.querySelector('a[href="/quay/lighthouse-keeper/history.json"]'));
  });
});

describe("history.json format 2: versions as paragraph edits", () => {
  it("expands back to every version of every article exactly", async () => {
    const { archive } = await loadArchive(path.join(ROOT, "test/fixtures/site"));
    for (const article of archive.articles) {
      const raw = await json<ArticleHistoryJson>(`${article.source}/${article.slug}/history.json`);
      const expanded = expandHistory(raw);
      assert.deepEqual(
        expanded.versions.map((v) => v.paragraphs),
        article.versions.map((v) => v.paragraphs),
      );
      // Pure: the parsed file is left as it was.
      assert.ok(raw.versions.slice(1).every((v) => v.paragraphs === null));
    }
  });

  it("compares any two versions exactly as the versions themselves compare", async () => {
    const { archive } = await loadArchive(path.join(ROOT, "test/fixtures/site"));
    for (const article of archive.articles) {
      const raw = await json<ArticleHistoryJson>(`${article.source}/${article.slug}/history.json`);
      const expanded = expandHistory(raw).versions;
      for (let a = 0; a < expanded.length; a++) {
        for (let b = a + 1; b < expanded.length; b++) {
          const render = (from: (typeof article.versions)[number], to: typeof from) =>
            renderComparison({
              change: diffVersions(from, to, { language: raw.source.language }),
              from: { number: a + 1, time: from.time },
              to: { number: b + 1, time: to.time },
            }).value;
          const text = (v: (typeof expanded)[number]) => ({
            ...article.versions[v.number - 1]!,
            headline: v.headline,
            byline: v.byline ?? undefined,
            standfirst: v.standfirst ?? undefined,
            paragraphs: v.paragraphs,
          });
          assert.equal(
            render(text(expanded[a]!), text(expanded[b]!)),
            render(article.versions[a]!, article.versions[b]!),
          );
        }
      }
    }
  });

  it("rebuilds any sequence of edited versions, the edits only as long as they need", () => {
    const paragraph = fc.constantFrom("A.", "B.", "C.", "D.", "E.", "F.", "A longer paragraph.");
    fc.assert(
      fc.property(
        fc.array(fc.array(paragraph, { maxLength: 12 }), { minLength: 1 }),
        (versions) => {
          let previous: string[] = [];
          for (const next of versions) {
            const edits = paragraphEdits(previous, next);
            assert.deepEqual(applyParagraphEdits(previous, edits), next);
            for (const e of edits) if (typeof e === "string") assert.ok(!previous.includes(e));
            previous = next;
          }
        },
      ),
      { numRuns: 300 },
    );
    assert.deepEqual(paragraphEdits(["a", "b", "c", "d"], ["a", "b", "x", "d"]), [
      [0, 2],
      "x",
      [3, 4],
    ]);
    assert.throws(() => applyParagraphEdits(["a"], [[0, 2]]), /paragraphs \[0, 2\)/);
    // A paragraph edited in place, written as a rewrite of the old one when that is shorter.
    const old = "The council approved the plan on Tuesday after a long debate about costs.";
    const next = "The council rejected the plan on Tuesday after a long debate about costs.";
    const segments = [
      { op: "equal", text: "The council " },
      { op: "delete", text: "approved" },
      { op: "insert", text: "rejected" },
      { op: "equal", text: " the plan on Tuesday after a long debate about costs." },
    ] as const;
    const edits = paragraphEdits(["a", old], ["a", next], new Map([[1, { from: 1, segments }]]));
    assert.deepEqual(edits, [[0, 1], { from: 1, ops: [12, -8, "rejected", 53] }]);
    assert.deepEqual(applyParagraphEdits(["a", old], edits), ["a", next]);
    // Segments that do not rebuild the paragraph are not trusted: the text is written out.
    const wrong = new Map([[0, { from: 0, segments: [{ op: "equal", text: "x" }] as const }]]);
    assert.deepEqual(paragraphEdits([old], [next], wrong), [next]);
    assert.throws(() => applyParagraphEdits([old], [{ from: 0, ops: [5] }]), /leaves/);
    assert.throws(() => applyParagraphEdits([old], [{ from: 0, ops: [500] }]), /reads past/);
  });
});

describe("archive index (data/articles.json)", () => {
  it("lists every article with its counts, times and addresses", async () => {
    const index = await json<ArticlesIndexJson>("data/articles.json");
    assert.equal(index.format, "diff-archive/articles/1");
    assert.deepEqual(index.totals, { sources: 3, articles: 4, versions: 8, changes: 4 });
    assert.equal(index.updated, "2024-06-01T12:00:00Z");
    assert.deepEqual(
      index.articles.map((a) => [a.id, a.version_count, a.change_count, a.first_seen, a.last_seen]),
      [
        ["listok/most-zakryt", 2, 1, "2024-02-10T03:00:00Z", "2024-02-10T12:00:00Z"],
        ["quay/lighthouse-keeper", 3, 2, "2023-12-31T22:00:00Z", "2024-01-02T09:30:00Z"],
        ["ridge/lighthouse-repairs", 2, 1, "2024-03-05T08:00:00Z", "2024-03-05T17:45:00Z"],
        ["ridge/parking-plan", 1, 0, "2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z"],
      ],
    );
    assert.deepEqual(Object.fromEntries(index.sources.map((s) => [s.key, s.article_count])), {
      quay: 1,
      ridge: 2,
      listok: 1,
    });
    for (const a of index.articles) {
      assertExists(a.page);
      assertExists(a.history);
      assertExists(a.feed);
      const history = await json<ArticleHistoryJson>(a.history.slice(SITE.length));
      assert.equal(history.id, a.id);
      assert.equal(history.versions.length, a.version_count);
      assert.equal(history.changes.length, a.change_count);
      assert.equal(history.url, a.url);
    }
  });
});
