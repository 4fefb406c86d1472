// npm run capture against a loopback news site that changes between runs.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { capture, type CaptureOptions } from "../../scripts/capture/run.ts";
import { diffVersions } from "../../scripts/diff/index.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import {
  articleFiles,
  FEED_TYPE,
  makeContent,
  newsPage,
  rssFeed,
  snapshot,
  startSite,
  type PageText,
  type Site,
} from "./support.ts";

const HOUR = 3_600_000;

const FERRY: PageText = {
  headline: "Ferry fares to rise by a fifth",
  byline: "Ann Reed",
  standfirst: "The operator blames fuel costs and slipway repairs.",
  paragraphs: [
    "Ferry fares across the estuary will rise by a fifth from March, the operator said on Tuesday.",
    "Commuters who cross daily said the rise would cost them hundreds of pounds a year.",
    "The council, which subsidises the service, said it had not been consulted.",
  ],
};
const MARKET: PageText = {
  headline: "Fish market to open on Sundays",
  byline: "Tom Vale",
  paragraphs: [
    "The quayside fish market will open on Sundays from next month, traders agreed on Monday night.",
    "Traders said the change followed a busy summer in which visitors asked for weekend opening.",
  ],
};

function sourcesYaml(site: Site, extra = ""): string {
  return `echo:
  name: "The Estuary Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml"]
    user_agent: "diff-archive-test (archive@example.net)"
    delay_seconds: 0
${extra}`;
}

describe("capture", () => {
  let site: Site;
  let content: string;
  let cache: string;
  let clock = Date.parse("2026-03-01T10:00:00Z");
  const run = (options: Partial<CaptureOptions> = {}) =>
    capture({
      contentDir: content,
      cacheDir: cache,
      root: path.dirname(content),
      allowPrivate: true,
      delayMs: 0,
      now: () => clock,
      ...options,
    });
  const feed = (pages: { path: string; text: PageText }[]) =>
    site.routes.set("/feed.xml", {
      type: FEED_TYPE,
      body: rssFeed(pages.map((p) => ({ url: `${site.url}${p.path}`, title: p.text.headline }))),
    });
  const page = (at: string, text: PageText, chrome = {}) =>
    site.routes.set(at, { body: newsPage(text, chrome) });

  before(async () => {
    site = await startSite();
    ({ content, cache } = await makeContent(sourcesYaml(site)));
    feed([{ path: "/news/ferry-fares", text: FERRY }]);
    page("/news/ferry-fares", FERRY);
  });
  after(() => site.close());

  it("creates an article from a new feed entry, with its chain of custody", async () => {
    const summary = await run();
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.found, 1);
    assert.equal(summary.created, 1);
    const files = await articleFiles(content, "echo");
    assert.equal(files.length, 1);
    const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.deepEqual(problems, []);
    const [article] = archive.articles;
    const version = article!.versions[0]!;
    assert.equal(version.headline, FERRY.headline);
    assert.equal(version.byline, FERRY.byline);
    assert.equal(version.standfirst, FERRY.standfirst);
    assert.deepEqual(version.paragraphs, FERRY.paragraphs);
    assert.equal(version.fetchedUrl, `${site.url}/news/ferry-fares`);
    assert.equal(version.finalUrl, `${site.url}/news/ferry-fares`);
    assert.equal(version.httpStatus, 200);
    assert.equal(version.fetchedAt, "2026-03-01T10:00:00Z");
    assert.match(version.rawSha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(version.extractor, "readability");
    assert.ok(version.extractorVersion);
    // The raw response is kept outside content/, under its digest.
    const raw = await readFile(path.join(cache, "raw", version.rawSha256!));
    assert.match(raw.toString("utf8"), /Ferry fares to rise/);
  });

  it("is not due again half an hour later... until its interval has passed", async () => {
    const requests = site.requests.length;
    clock += 10 * 60_000;
    const summary = await run();
    assert.equal(summary.notDue, 1);
    // Only robots.txt and the feed were fetched.
    assert.ok(!site.requests.slice(requests).includes("/news/ferry-fares"));
  });

  it("appends nothing when only the chrome changed, and writes no byte", async () => {
    clock += HOUR;
    page("/news/ferry-fares", FERRY, {
      comments: 97,
      stamp: "Updated 3 hours ago",
      related: ["Harbour master resigns", "New bus route"],
      ad: "Advertisement: Quay Fitness, first month free",
      trending: ["Storm warning"],
    });
    const before = await snapshot(content);
    const summary = await run();
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.appended, 0);
    assert.equal(summary.unchanged, 1);
    assert.deepEqual(await snapshot(content), before);
  });

  it("appends one version whose diff is the edited paragraph", async () => {
    clock += 2 * HOUR;
    const edited = {
      ...FERRY,
      paragraphs: [
        FERRY.paragraphs[0]!,
        "Commuters who cross daily said the rise would cost them about £400 a year.",
        FERRY.paragraphs[2]!,
      ],
    };
    page("/news/ferry-fares", edited, { comments: 130 });
    const summary = await run();
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.appended, 1);
    const { archive } = await loadArchive(content, { root: path.dirname(content) });
    const [first, second] = archive.articles[0]!.versions;
    assert.ok(first && second);
    const change = diffVersions(first, second);
    const changed = change.blocks.filter((block) => block.kind !== "same");
    assert.equal(changed.length, 1);
    assert.deepEqual(changed[0]!.old, [1]);
    assert.deepEqual(changed[0]!.new, [1]);
    assert.equal(change.fields.length, 0);
  });

  it("creates an article for a new feed entry", async () => {
    clock += HOUR;
    feed([
      { path: "/news/fish-market", text: MARKET },
      { path: "/news/ferry-fares", text: FERRY },
    ]);
    page("/news/fish-market", MARKET);
    const summary = await run();
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.found, 1);
    assert.equal(summary.created, 1);
    assert.equal((await articleFiles(content, "echo")).length, 2);
  });

  it("writes no byte when nothing changed on the web", async () => {
    clock += 30 * HOUR;
    const before = await snapshot(content);
    const summary = await run({ force: true });
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.appended + summary.created + summary.events, 0);
    assert.equal(summary.unchanged, 2);
    assert.deepEqual(await snapshot(content), before);
  });

  it("records a 404 as an event, once, and the return as another", async () => {
    clock += 30 * HOUR;
    site.routes.delete("/news/fish-market");
    let summary = await run({ force: true });
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.events, 1);
    clock += 30 * HOUR;
    summary = await run({ force: true });
    assert.equal(summary.events, 0, "still gone: no second event");
    clock += 30 * HOUR;
    page("/news/fish-market", MARKET);
    summary = await run({ force: true });
    assert.equal(summary.events, 1);
    const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
    assert.deepEqual(problems, []);
    const market = archive.articles.find((a) => a.url.endsWith("/fish-market"))!;
    assert.deepEqual(
      market.events?.map((e) => [e.kind, e.status]),
      [
        ["gone", 404],
        ["back", 200],
      ],
    );
    assert.equal(market.versions.length, 1);
  });

  it("records a redirect as an event", async () => {
    clock += 30 * HOUR;
    site.routes.set("/news/fish-market", {
      status: 301,
      body: "",
      headers: { location: "/news/2026/fish-market" },
    });
    page("/news/2026/fish-market", MARKET);
    const summary = await run({ force: true });
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.events, 1);
    const { archive } = await loadArchive(content, { root: path.dirname(content) });
    const market = archive.articles.find((a) => a.url.endsWith("/fish-market"))!;
    assert.deepEqual(market.events?.at(-1), {
      at: new Date(clock).toISOString().replace(/\.\d{3}Z$/, "Z"),
      kind: "redirected",
      status: 301,
      url: `${site.url}/news/2026/fish-market`,
    });
  });

  it("never stores a bot check, paywall or consent page", async () => {
    clock += 30 * HOUR;
    site.routes.set("/news/ferry-fares", {
      status: 200,
      body: `<!doctype html><html><head><title>Just a moment...</title></head><body><h1>Checking if the site connection is secure</h1><p>Enable JavaScript and cookies to continue</p></body></html>`,
    });
    const before = await snapshot(content);
    const summary = await run({ force: true, url: `${site.url}/news/ferry-fares` });
    assert.equal(summary.appended, 0);
    assert.equal(summary.failures.length, 1);
    assert.match(summary.failures[0]!, /ferry-fares: not stored: looks like a bot check/);
    site.routes.set("/news/ferry-fares", {
      body: newsPage({ ...FERRY, paragraphs: ["Subscribe to continue reading this article."] }),
    });
    const paywall = await run({ force: true, url: `${site.url}/news/ferry-fares` });
    assert.match(paywall.failures[0] ?? "", /paywall/);
    assert.deepEqual(await snapshot(content), before);
  });

  it("says what would change in a dry run, and writes nothing", async () => {
    clock += 30 * HOUR;
    page("/news/ferry-fares", { ...FERRY, headline: "Ferry fares to rise by a quarter" });
    const before = await snapshot(path.dirname(content));
    const summary = await run({ force: true, dryRun: true });
    assert.equal(summary.appended, 1);
    assert.ok(summary.changes.some((line) => /ferry-fares.*changed/.test(line)));
    assert.deepEqual(await snapshot(path.dirname(content)), before);
  });

  it("says so when --url is not a tracked article", async () => {
    const summary = await run({ url: `${site.url}/news/unknown` });
    assert.equal(summary.failures.length, 1);
    assert.match(
      summary.failures[0]!,
      /--url .*\/news\/unknown: not an article of a source with capture settings/,
    );
  });

  it("refuses loopback addresses without --allow-private", async () => {
    const summary = await run({ force: true, allowPrivate: false });
    assert.ok(summary.failures.length > 0);
    for (const failure of summary.failures) {
      assert.match(
        failure,
        /^http:\/\/127\.0\.0\.1:\d+\/\S*: refused: 127\.0\.0\.1 is on a private, loopback or link-local network/,
      );
    }
    assert.equal(summary.appended + summary.created, 0);
  });
});
