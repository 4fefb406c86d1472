// Headlines-only sources: tracked from their feeds alone, versions without a body,
// and a site that builds and reads well with zero paragraphs.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { capture } from "../../scripts/capture/run.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { readHtmlValidateConfig, validateHtml } from "../../scripts/check-site/validate-html.ts";
import { buildFixture, ROOT, text, type BuiltSite } from "../support/build.ts";
import { FEED_TYPE, FIXTURES, makeContent, rssFeed, startSite, type Site } from "./support.ts";

describe("a headlines-only source", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it("is captured from the feed alone: headline and summary, no page fetched", async () => {
    const { content, cache } = await makeContent(`wire:
  name: "Estuary Wire"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml"]
    headlines_only: true
    delay_seconds: 0
`);
    const item = {
      url: `${site.url}/2026/ferry`,
      title: "Ferry fares to rise",
      summary: "<p>Operators blame <b>fuel</b>.</p>",
    };
    site.routes.set("/feed.xml", { type: FEED_TYPE, body: rssFeed([item]) });
    let clock = Date.parse("2026-03-01T10:00:00Z");
    const run = () =>
      capture({
        contentDir: content,
        cacheDir: cache,
        root: path.dirname(content),
        allowPrivate: true,
        now: () => clock,
      });
    let summary = await run();
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.created, 1);
    assert.ok(!site.requests.includes("/2026/ferry"), "the article page is never fetched");

    clock += 3_600_000;
    summary = await run();
    assert.equal(summary.appended, 0);
    assert.equal(summary.unchanged, 1);

    clock += 3_600_000;
    site.routes.set("/feed.xml", {
      type: FEED_TYPE,
      body: rssFeed([{ ...item, title: "Ferry fares to rise by a fifth" }]),
    });
    summary = await run();
    assert.equal(summary.appended, 1);
    const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.deepEqual(problems, []);
    const versions = archive.articles[0]!.versions;
    assert.deepEqual(
      versions.map((v) => [v.headline, v.standfirst, v.paragraphs.length]),
      [
        ["Ferry fares to rise", "Operators blame fuel.", 0],
        ["Ferry fares to rise by a fifth", "Operators blame fuel.", 0],
      ],
    );
  });

  it("needs the source's setting: without it, a version without a body is a problem", async () => {
    const { content } = await makeContent(`wire:
  name: "Estuary Wire"
  homepage: "https://wire.example.net/"
  language: "en"
`);
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(path.join(content, "wire"));
    await writeFile(
      path.join(content, "wire", "x.md"),
      '---\nurl: "https://wire.example.net/x"\ntracking: "active"\nversions:\n  - captured_at: "2026-03-01T10:00:00Z"\n    headline: "X"\n---\n',
    );
    const { problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, "versions[0].body");
  });
});

describe("a site with a headlines-only source", () => {
  let built: BuiltSite;
  before(async () => {
    built = await buildFixture(path.join(FIXTURES, "headlines-archive"));
  });

  it("renders version pages with no paragraphs", async () => {
    const page = await built.page("wire/lifeboat-launch/versions/1/");
    assert.match(text(page.querySelector("h1")), /New lifeboat launched at Gull Point/);
    const second = await built.page("wire/harbour-wall-repairs/versions/2/");
    assert.match(text(second.querySelector("main")), /Harbour wall repairs delayed until June/);
  });

  it("shows the headline change and the events on the article page", async () => {
    const page = await built.page("wire/harbour-wall-repairs/");
    const log = page.querySelector("section.events");
    assert.ok(log, "the capture log is shown");
    assert.match(
      text(log),
      /redirected \(HTTP status 301\) to https:\/\/wire\.example\.net\/2026\/03\/harbour-wall-repairs/,
    );
    const change = await built.page("wire/harbour-wall-repairs/changes/1-2/");
    assert.match(text(change.querySelector("main")), /delayed until June/);
  });

  it("builds valid HTML, capture log included", async () => {
    assert.deepEqual(await validateHtml(built.dir, await readHtmlValidateConfig(ROOT)), []);
  });

  it("lists the event in the article's feed, and keeps feeds and data whole", async () => {
    const feed = await built.read("wire/harbour-wall-repairs/feed.xml");
    assert.match(feed, /The page moved \(HTTP 301\)/);
    assert.match(feed, /#event-1<\/id>/);
    const history = JSON.parse(
      await built.read("wire/harbour-wall-repairs/history.json"),
    ) as unknown;
    assert.ok(history);
    const data = JSON.parse(await built.read("data/articles.json")) as unknown;
    assert.ok(data);
    assert.ok((await built.files()).some((file) => file.startsWith("pagefind/wire/")));
  });
});
