// Hostile and broken servers: each case ends as text or as one clear line naming the URL.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { capture } from "../../scripts/capture/run.ts";
import { readFeed } from "../../scripts/capture/feeds.ts";
import {
  DEFAULT_LIMITS,
  fetchUrl,
  FetchError,
  type FetchSettings,
} from "../../scripts/capture/fetch.ts";
import { isPrivateAddress } from "../../scripts/capture/net.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { FEED_TYPE, makeContent, newsPage, rssFeed, startSite, type Site } from "./support.ts";

const MB = 1024 * 1024;
const settings = (limits: Partial<typeof DEFAULT_LIMITS> = {}): FetchSettings => ({
  userAgent: "diff-archive-test (archive@example.net)",
  allowPrivate: true,
  limits: { ...DEFAULT_LIMITS, ...limits },
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FetchError, `expected a FetchError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/, "one line");
    return error.message;
  }
  assert.fail("expected the request to be refused");
}

describe("the fetcher against hostile servers", () => {
  let site: Site;
  let sent = 0;
  before(async () => {
    site = await startSite();
    // 50 MB, written only as fast as it is read.
    site.routes.set("/huge", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = 50 * MB;
      const pump = (): void => {
        while (left > 0) {
          left -= chunk.length;
          sent += chunk.length;
          if (!response.write(chunk)) {
            response.once("drain", pump);
            return;
          }
        }
        response.end();
      };
      response.on("close", () => (left = 0));
      pump();
    });
    site.routes.set("/huge-declared", {
      body: "x",
      headers: { "content-length": String(50 * MB) },
    });
    site.routes.set("/bomb", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
      response.end(zlib.gzipSync(Buffer.alloc(50 * MB, 0x20)));
    });
    site.routes.set("/br", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html", "content-encoding": "br" });
      response.end(
        zlib.brotliCompressSync(
          Buffer.from(newsPage({ headline: "Brotli", paragraphs: ["Compressed text."] })),
        ),
      );
    });
    const timers = new Set<NodeJS.Timeout>();
    site.routes.set("/slow", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      const timer = setInterval(() => response.write("a"), 1000);
      timers.add(timer);
      response.on("close", () => clearInterval(timer));
    });
    site.routes.set("/trickle", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      const timer = setInterval(() => response.write("a"), 50);
      response.on("close", () => clearInterval(timer));
    });
    site.routes.set("/loop-a", { status: 302, body: "", headers: { location: "/loop-b" } });
    site.routes.set("/loop-b", { status: 302, body: "", headers: { location: "/loop-a" } });
    for (let i = 0; i < 8; i++) {
      site.routes.set(`/hop-${i}`, {
        status: 301,
        body: "",
        headers: { location: `/hop-${i + 1}` },
      });
    }
    site.routes.set("/to-file", {
      status: 302,
      body: "",
      headers: { location: "file:///etc/passwd" },
    });
    site.routes.set("/image", { type: "image/png", body: "PNG" });
  });
  after(() => site.close());

  it("refuses a 50 MB page at a 5 MB limit without reading it all", async () => {
    const message = await refusal(
      fetchUrl(`${site.url}/huge`, "page", settings({ maxBytes: 5 * MB })),
    );
    assert.match(
      message,
      /\/huge: refused: the response is larger than the limit of 5242880 bytes/,
    );
    assert.ok(sent < 20 * MB, `sent ${sent} bytes`);
  });

  it("refuses a declared 50 MB page before reading it", async () => {
    const message = await refusal(
      fetchUrl(`${site.url}/huge-declared`, "page", settings({ maxBytes: 5 * MB })),
    );
    assert.match(message, /refused: 52428800 bytes is larger than the limit .* \(not read\)/);
  });

  it("bounds a compressed response as it is decompressed", async () => {
    const message = await refusal(
      fetchUrl(`${site.url}/bomb`, "page", settings({ maxBytes: 1 * MB })),
    );
    assert.match(message, /\/bomb: refused: the response is larger than the limit/);
  });

  it("decompresses br", async () => {
    const fetched = await fetchUrl(`${site.url}/br`, "page", settings());
    assert.match(fetched.body.toString("utf8"), /Compressed text/);
  });

  it("gives up on a server that answers one byte a second", async () => {
    const started = Date.now();
    const message = await refusal(
      fetchUrl(
        `${site.url}/slow`,
        "page",
        settings({ idleTimeoutMs: 300, responseTimeoutMs: 2000 }),
      ),
    );
    assert.match(message, /\/slow: nothing received for 0\.3 s/);
    assert.ok(Date.now() - started < 2000);
  });

  it("gives up on a response that never ends, even when bytes keep coming", async () => {
    const message = await refusal(
      fetchUrl(
        `${site.url}/trickle`,
        "page",
        settings({ idleTimeoutMs: 1000, responseTimeoutMs: 500 }),
      ),
    );
    assert.match(message, /\/trickle: the response took longer than 0\.5 s/);
  });

  it("refuses a redirect loop, too many redirects, and redirects off http(s)", async () => {
    assert.match(
      await refusal(fetchUrl(`${site.url}/loop-a`, "page", settings())),
      /redirect loop/,
    );
    assert.match(
      await refusal(fetchUrl(`${site.url}/hop-0`, "page", settings({ maxRedirects: 3 }))),
      /more than 3 redirects/,
    );
    assert.match(
      await refusal(fetchUrl(`${site.url}/to-file`, "page", settings())),
      /only http and https are fetched, not file:/,
    );
  });

  it("checks the content type", async () => {
    assert.match(
      await refusal(fetchUrl(`${site.url}/image`, "page", settings())),
      /\/image: refused: expected an HTML page, found image\/png/,
    );
  });

  it("refuses private, loopback and link-local addresses unless allowed", async () => {
    assert.match(
      await refusal(fetchUrl(`${site.url}/br`, "page", { ...settings(), allowPrivate: false })),
      /refused: 127\.0\.0\.1 is on a private, loopback or link-local network/,
    );
    assert.match(
      await refusal(
        fetchUrl("http://localhost:9/", "page", { ...settings(), allowPrivate: false }),
      ),
      /refused: localhost is on a private/,
    );
    for (const address of [
      "10.1.2.3",
      "192.168.0.1",
      "172.20.0.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ["93.184.216.34", "2606:4700::1"])
      assert.equal(isPrivateAddress(address), false, address);
  });
});

describe("feeds and pages that are hostile", () => {
  it("reads the first entries of a feed with 100,000", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({
      url: `https://echo.test/a/${i}`,
      title: `Item ${i}`,
    }));
    const found = readFeed(rssFeed(items), 50);
    assert.equal(found.entries.length, 50);
    assert.equal(found.leftOut, 100_000 - 50);
  });

  it("says what is wrong with malformed XML, in one line", () => {
    assert.throws(
      () => readFeed("<rss><channel><item><title>Broken & <b>bad</i></channel"),
      (error: Error) => {
        assert.match(error.message, /^not an RSS or Atom feed/);
        return true;
      },
    );
    assert.throws(
      () => readFeed("<html><body>Not a feed</body></html>"),
      /not an RSS or Atom feed/,
    );
  });

  it("ignores entries that are not http(s) links", () => {
    const found = readFeed(
      rssFeed([
        { url: "javascript:alert(1)", title: "x" },
        { url: "https://echo.test/ok", title: "ok" },
      ]),
    );
    assert.deepEqual(
      found.entries.map((e) => e.url),
      ["https://echo.test/ok"],
    );
  });

  describe("through npm run capture", () => {
    let site: Site;
    before(async () => {
      site = await startSite();
    });
    after(() => site.close());

    it("captures scripts and event handlers as text, never runs them, and one failure stops nothing", async () => {
      const { content, cache } = await makeContent(`echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml", "${site.url}/broken.xml"]
    delay_seconds: 0
`);
      (globalThis as { hostileRan?: boolean }).hostileRan = false;
      site.routes.set("/feed.xml", {
        type: FEED_TYPE,
        body: rssFeed([
          { url: `${site.url}/hostile`, title: "Hostile" },
          { url: `${site.url}/missing`, title: "Missing" },
          { url: `${site.url}/huge`, title: "Huge" },
        ]),
      });
      site.routes.set("/broken.xml", {
        type: FEED_TYPE,
        body: "<rss><channel><item><title>Broken & <b>bad</i></channel",
      });
      site.routes.set("/huge", { body: `<p>${"a".repeat(200_000)}</p>` });
      site.routes.set("/hostile", {
        body: newsPage({
          headline: "Council &lt;script&gt; row",
          paragraphs: [
            `Councillors argued about the <b onmouseover="globalThis.hostileRan = true">budget</b> late into the night.`,
            `The clerk wrote &lt;script&gt;alert(1)&lt;/script&gt; on the whiteboard to show what the web team had fixed.`,
            `<img src="x" onerror="globalThis.hostileRan = true">The vote was postponed.<script>globalThis.hostileRan = true</script>`,
          ],
        }),
      });
      const summary = await capture({
        contentDir: content,
        cacheDir: cache,
        root: path.dirname(content),
        allowPrivate: true,
        limits: { maxBytes: 100_000 },
      });
      assert.equal((globalThis as { hostileRan?: boolean }).hostileRan, false);
      assert.equal(summary.created, 1);
      assert.equal(summary.failures.length, 3, summary.failures.join("\n"));
      assert.ok(summary.failures.some((f) => /broken\.xml: not an RSS or Atom feed/.test(f)));
      assert.ok(summary.failures.some((f) => /\/missing: HTTP status 404/.test(f)));
      assert.ok(summary.failures.some((f) => /\/huge: refused: the response is larger/.test(f)));
      const { archive, problems } = await loadArchive(content, { root: path.dirname(content) });
      assert.deepEqual(problems, []);
      const version = archive.articles[0]!.versions[0]!;
      assert.equal(version.headline, "Council <script> row");
      assert.deepEqual(version.paragraphs, [
        "Councillors argued about the budget late into the night.",
        "The clerk wrote <script>alert(1)</script> on the whiteboard to show what the web team had fixed.",
        "The vote was postponed.",
      ]);
    });
  });
});
