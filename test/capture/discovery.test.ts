// Finding articles (sitemaps), robots.txt, politeness, and importing headlines-only lines.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { readSitemap } from "../../scripts/capture/feeds.ts";
import { HostQueue } from "../../scripts/capture/fetch.ts";
import { capture } from "../../scripts/capture/run.ts";
import { importLines } from "../../scripts/contribute/importer.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { articleFiles, makeContent, newsPage, startSite, type Site } from "./support.ts";

async function* lines(items: string[]): AsyncGenerator<string> {
  yield* items;
}

describe("discovery and politeness", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it("reads a news sitemap", () => {
    const found = readSitemap(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://echo.test/a</loc><news:news><news:title>Pier reopens</news:title></news:news></url>
  <url><loc>ftp://echo.test/b</loc></url>
  <url><loc>https://echo.test/c</loc></url>
</urlset>`);
    assert.deepEqual(found.entries, [
      { url: "https://echo.test/a", title: "Pier reopens" },
      { url: "https://echo.test/c" },
    ]);
    assert.throws(() => readSitemap("<html><body>x</body></html>"), /not a sitemap/);
  });

  it("finds articles in a sitemap, and honours robots.txt", async () => {
    const { content, cache } = await makeContent(`echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    sitemaps: ["${site.url}/sitemap.xml"]
    user_agent: "EchoArchive/1.0 (archive@example.net)"
    delay_seconds: 0
`);
    site.routes.set("/robots.txt", {
      type: "text/plain",
      body: "User-agent: EchoArchive\nDisallow: /private/\n",
    });
    site.routes.set("/sitemap.xml", {
      type: "application/xml",
      body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${site.url}/news/pier</loc></url><url><loc>${site.url}/private/draft</loc></url></urlset>`,
    });
    site.routes.set("/news/pier", {
      body: newsPage({
        headline: "Pier reopens",
        paragraphs: ["The pier reopened on Saturday after storm repairs."],
      }),
    });
    site.routes.set("/private/draft", {
      body: newsPage({ headline: "Draft", paragraphs: ["Not for capture."] }),
    });
    const summary = await capture({
      contentDir: content,
      cacheDir: cache,
      root: path.dirname(content),
      allowPrivate: true,
    });
    assert.equal(summary.created, 1);
    assert.deepEqual(
      summary.failures.map((f) => f.replace(site.url, "")),
      ["/private/draft: not fetched: robots.txt disallows it for this user agent"],
    );
    assert.ok(!site.requests.includes("/private/draft"));
    assert.equal((await articleFiles(content, "echo")).length, 1);
  });

  it("follows a redirect only where robots.txt allows, and a redirecting robots.txt ends", async () => {
    const { content, cache } = await makeContent(`echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/moved.xml"]
    user_agent: "EchoArchive/1.0 (archive@example.net)"
    delay_seconds: 0
`);
    site.routes.set("/moved.xml", {
      status: 301,
      body: "",
      headers: { location: "/private/feed.xml" },
    });
    const summary = await capture({
      contentDir: content,
      cacheDir: cache,
      root: path.dirname(content),
      allowPrivate: true,
    });
    assert.equal(summary.failures.length, 1);
    assert.match(
      summary.failures[0]!,
      /moved\.xml: refused: redirected to .*\/private\/feed\.xml, which robots\.txt disallows/,
    );
    site.routes.set("/robots.txt", {
      status: 302,
      body: "",
      headers: { location: "/robots.txt?again" },
    });
    site.routes.set("/robots.txt?again", {
      status: 302,
      body: "",
      headers: { location: "/robots.txt" },
    });
    const again = await capture({
      contentDir: content,
      cacheDir: cache,
      root: path.dirname(content),
      allowPrivate: true,
    });
    assert.equal(again.failures.length, 1, "a robots.txt that loops counts as none");
  });

  it("waits between two requests to the same host, not between hosts", async () => {
    const queue = new HostQueue();
    const times: number[] = [];
    const started = Date.now();
    await Promise.all([
      queue.run("http://a.test/1", 150, async () => times.push(Date.now() - started)),
      queue.run("http://a.test/2", 150, async () => times.push(Date.now() - started)),
      queue.run("http://b.test/1", 150, async () => times.push(Date.now() - started)),
    ]);
    const sorted = [...times].sort((x, y) => x - y);
    assert.ok(sorted[1]! < 100, "another host does not wait");
    assert.ok(sorted[2]! >= 140, `the second request to a host waits (${sorted[2]} ms)`);
  });
});

describe("importing a headlines-only source", () => {
  it("accepts provenance fields in import lines and still ignores unknown ones", async () => {
    const { content } = await makeContent(`paper:
  name: "Paper"
  homepage: "https://paper.test/"
  language: "en"
`);
    const report = await importLines(
      lines([
        JSON.stringify({
          url: "https://paper.test/a",
          source: "paper",
          captured_at: "2026-03-01T10:00:00Z",
          headline: "Pier reopens",
          body: "The pier reopened.",
          http_status: 200,
          raw_sha256: "b".repeat(64),
          scraper_id: 7,
        }),
      ]),
      { contentDir: content, root: path.dirname(content) },
    );
    assert.equal(report.created, 1);
    assert.deepEqual([...report.ignoredFields.keys()], ["scraper_id"]);
    const { archive } = await loadArchive(content, { root: path.dirname(content) });
    assert.equal(archive.articles[0]!.versions[0]!.httpStatus, 200);
  });

  it("accepts lines without a body for it, and only for it", async () => {
    const { content } = await makeContent(`wire:
  name: "Wire"
  homepage: "https://wire.test/"
  language: "en"
  capture:
    headlines_only: true
paper:
  name: "Paper"
  homepage: "https://paper.test/"
  language: "en"
`);
    const report = await importLines(
      lines([
        JSON.stringify({
          url: "https://wire.test/a",
          source: "wire",
          captured_at: "2026-03-01T10:00:00Z",
          headline: "Pier reopens",
        }),
        JSON.stringify({
          url: "https://paper.test/a",
          source: "paper",
          captured_at: "2026-03-01T10:00:00Z",
          headline: "Pier reopens",
        }),
      ]),
      { contentDir: content, root: path.dirname(content) },
    );
    assert.equal(report.created, 1);
    assert.equal(report.refused.length, 1);
    assert.equal(report.refused[0]!.line, 2);
    const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.deepEqual(problems, []);
    assert.deepEqual(archive.articles[0]!.versions[0]!.paragraphs, []);
  });
});
