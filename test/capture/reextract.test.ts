// Extraction changes are recorded as such, never as the publisher's edit.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { capture } from "../../scripts/capture/run.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import {
  FEED_TYPE,
  makeContent,
  newsPage,
  rssFeed,
  snapshot,
  startSite,
  type Site,
} from "./support.ts";

describe("re-extraction", () => {
  let site: Site;
  let content: string;
  let cache: string;
  let clock = Date.parse("2026-03-01T10:00:00Z");
  const yaml = (patterns: string) => `echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml"]
    delay_seconds: 0
    extract:
      body: ".story-body p"
      remove_patterns: [${patterns}]
`;
  const run = (options = {}) =>
    capture({
      contentDir: content,
      cacheDir: cache,
      root: path.dirname(content),
      allowPrivate: true,
      now: () => clock,
      ...options,
    });

  before(async () => {
    site = await startSite();
    ({ content, cache } = await makeContent(yaml("")));
    site.routes.set("/feed.xml", {
      type: FEED_TYPE,
      body: rssFeed([{ url: `${site.url}/a`, title: "A" }]),
    });
    site.routes.set("/a", {
      body: newsPage({
        headline: "Pier reopens after storm repairs",
        paragraphs: [
          "The pier reopened on Saturday. Advertisement",
          "Anglers were the first back on the boards.",
        ],
      }),
    });
  });
  after(() => site.close());

  it("re-runs extraction over the kept responses and records an extraction change", async () => {
    let summary = await run();
    assert.equal(summary.created, 1);
    await writeFile(path.join(content, "sources.yaml"), yaml('" ?Advertisement$"'));
    clock += 3_600_000;
    summary = await run({ reextract: true });
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.appended, 1);
    const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.deepEqual(problems, []);
    const [first, second] = archive.articles[0]!.versions;
    assert.equal(first!.paragraphs[0], "The pier reopened on Saturday. Advertisement");
    assert.equal(second!.paragraphs[0], "The pier reopened on Saturday.");
    assert.equal(second!.extractionChange, true);
    assert.equal(second!.rawSha256, first!.rawSha256, "the same response");
    assert.equal(second!.fetchedAt, first!.fetchedAt);
    assert.notEqual(second!.extractorVersion, first!.extractorVersion);
    assert.equal(first!.extractionChange, undefined);
    const file = await readFile(
      path.join(content, "echo", archive.articles[0]!.slug + ".md"),
      "utf8",
    );
    assert.match(file, /extraction_change: true/);
    // Nothing more to re-extract: a second pass writes nothing.
    clock += 3_600_000;
    const before = await snapshot(content);
    summary = await run({ reextract: true });
    assert.equal(summary.appended, 0);
    assert.deepEqual(await snapshot(content), before);
  });

  it("tells an extraction change from an edit in a normal run", async () => {
    await writeFile(
      path.join(content, "sources.yaml"),
      yaml('" ?Advertisement$", "^Anglers were "'),
    );
    clock += 3_600_000;
    site.routes.set("/a", {
      body: newsPage({
        headline: "Pier reopens after storm repairs",
        paragraphs: [
          "The pier reopened on Saturday. Advertisement",
          "Anglers were the first back on the boards.",
          "A café will open in May.",
        ],
      }),
    });
    const summary = await run({ force: true });
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.appended, 2);
    const { archive } = await loadArchive(content, { root: path.dirname(content) });
    const versions = archive.articles[0]!.versions;
    assert.deepEqual(
      versions.map((v) => [v.extractionChange ?? false, v.paragraphs.length]),
      [
        [false, 2],
        [true, 2],
        [true, 2],
        [false, 3],
      ],
    );
    assert.equal(versions[2]!.paragraphs[1], "the first back on the boards.");
  });
});
