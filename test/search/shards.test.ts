// The search index is one Pagefind bundle per source, and each language's search page names the
// bundles it merges. Rebuilding one source's bundle leaves every other bundle as it was.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import {
  backendClosed,
  closePagefind,
  SearchIndexError,
  writeBundle,
} from "../../scripts/search/bundle.ts";
import {
  indexShards,
  searchRecordsOf,
  searchShardPath,
  type SearchRecord,
} from "../../scripts/search/index.ts";
import { SEARCH_ROOT, shardKeysOf } from "../../scripts/search/shards.ts";
import { loadEntries } from "../support/articles.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { buildFixture, ROOT, text, type BuiltSite } from "../support/build.ts";

let site: BuiltSite;
/** The fixture's records by source, as the build indexes them. */
let bySource: Map<string, SearchRecord[]>;

before(async () => {
  site = await buildFixture(path.join(ROOT, "test/fixtures/site"));
  bySource = new Map();
  for (const entry of await loadEntries(path.join(ROOT, "test/fixtures/site"))) {
    bySource.set(entry.source.key, [
      ...(bySource.get(entry.source.key) ?? []),
      ...searchRecordsOf(entry),
    ]);
  }
});

/** Every source's bundle written into `dir` with `concurrency` Pagefind processes. */
function writeAll(dir: string, concurrency: number): Promise<number> {
  return indexShards(
    [...bySource].map(([key, records]) => ({
      key,
      outputPath: path.join(dir, SEARCH_ROOT, key),
      records: () => records,
    })),
    { concurrency },
  );
}

/**
 * The Pagefind processes this test process has started and not yet waited for, read at once,
 * synchronously: a process only signalled to stop is still there, and one that ended without
 * being waited for stays a zombie.
 */
function pagefindChildren(): string[] {
  const comm = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8");
    } catch {
      return "";
    }
  };
  return readdirSync("/proc/self/task")
    .flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, "utf8").split(" "))
    .filter((pid) => pid && comm(pid).startsWith("pagefind"));
}

/** Languages in a bundle's entry file: the indexes Pagefind wrote into it. */
async function bundleLanguages(dir: string, key: string): Promise<string[]> {
  const entry = JSON.parse(
    await readFile(path.join(dir, searchShardPath(key), "pagefind-entry.json"), "utf8"),
  ) as { languages: Record<string, unknown> };
  return Object.keys(entry.languages).sort();
}

/**
 * Every file under a folder, site-relative, with its content (base64) and, unless only the
 * content is asked for, its modification time (to tell a rewritten file from a kept one).
 */
async function snapshot(
  dir: string,
  under: string,
  what: "content" | "time and content" = "time and content",
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(path.join(dir, under), { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const content = (await readFile(file)).toString("base64");
    const time = what === "content" ? "" : `${(await stat(file)).mtimeMs} `;
    files.set(path.relative(dir, file), `${time}${content}`);
  }
  return files;
}

describe("search bundles per source", () => {
  it("writes one bundle per source, each with its source's language only", async () => {
    assert.equal(searchShardPath("quay"), "pagefind/quay/");
    const folders = (await readdir(path.join(site.dir, "pagefind"))).sort();
    assert.deepEqual(folders, ["listok", "quay", "ridge"]);
    assert.deepEqual(await bundleLanguages(site.dir, "quay"), ["en"]);
    assert.deepEqual(await bundleLanguages(site.dir, "ridge"), ["en"]);
    assert.deepEqual(await bundleLanguages(site.dir, "listok"), ["ru"]);
    // Each bundle carries Pagefind's own scripts, so any of them can be a page's primary.
    for (const key of folders) {
      assert.ok((await site.files()).includes(`pagefind/${key}/pagefind.js`), key);
    }
  });

  it("has each search page load one bundle of its language and merge the rest", async () => {
    const english = await site.page("search/");
    assert.equal(
      english.querySelector("form.search")?.getAttribute("data-bundle"),
      "/pagefind/quay/",
    );
    assert.equal(
      english.querySelector("form.search")?.getAttribute("data-merge-bundles"),
      "/pagefind/ridge/",
    );
    const scripts = [...english.querySelectorAll("script[src]")].map((s) => s.getAttribute("src"));
    assert.deepEqual(scripts, ["/pagefind/quay/pagefind.js", "/assets/search.js"]);
    assert.equal(
      english.querySelectorAll('link[href*="pagefind"]').length,
      0,
      "no Pagefind UI styles",
    );

    const russian = await site.page("search/ru/");
    assert.equal(
      russian.querySelector("form.search")?.getAttribute("data-bundle"),
      "/pagefind/listok/",
    );
    assert.equal(russian.querySelector("form.search")?.getAttribute("data-merge-bundles"), "");
  });

  it("names only bundles that exist", async () => {
    const files = new Set(await site.files());
    for (const pagePath of ["search/", "search/ru/"]) {
      const page = await site.page(pagePath);
      const bundles = [
        page.querySelector("form.search")?.getAttribute("data-bundle") ?? "",
        ...(page.querySelector("form.search")?.getAttribute("data-merge-bundles") ?? "")
          .split(" ")
          .filter(Boolean),
      ];
      for (const bundle of bundles) {
        const entry = `${bundle.replace(/^\//, "")}pagefind-entry.json`;
        assert.ok(files.has(entry), `${pagePath} names ${bundle}, which has no ${entry}`);
      }
    }
  });

  it("writes the same bundles from worker threads as from one thread", async () => {
    const one = await mkdtemp(path.join(tmpdir(), "search-one-"));
    const two = await mkdtemp(path.join(tmpdir(), "search-two-"));

    // One: every bundle from this thread's Pagefind process. Two: three bundles shared by two
    // worker threads, each with its own Pagefind process.
    const alone = await writeAll(one, 1);
    const shared = await writeAll(two, 2);

    assert.equal(shared, alone);
    assert.equal(shared, [...bySource.values()].flat().length);
    const files = await snapshot(one, "pagefind", "content");
    assert.ok(files.size > 0);
    // Pagefind names files by content hash: equal maps mean the same index, meta and fragments.
    assert.deepEqual(await snapshot(two, "pagefind", "content"), files);
  });

  it(
    "has stopped every Pagefind process it started by the time it returns",
    { skip: process.platform !== "linux" && "reads /proc" },
    async () => {
      // A zombie's CPU is never counted in the build's own (the worker threads that start
      // the processes end right after).
      for (const concurrency of [1, 2]) {
        const dir = await mkdtemp(path.join(tmpdir(), "search-exit-"));
        try {
          await writeAll(dir, concurrency);
          assert.deepEqual(pagefindChildren(), [], `with ${concurrency} process(es)`);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  );

  it(
    "fails with what happened, instead of waiting forever, when Pagefind's process is killed",
    // Without the watch, the bundle waits for an answer that never comes: the timeout fails it.
    { skip: process.platform !== "linux" && "reads /proc", timeout: 60_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "search-killed-"));
      const records = Array.from({ length: 400 }, (_, i) => ({
        url: `/wire/council-vote-${i}/`,
        lang: "en",
        html:
          `<html lang="en"><body data-pagefind-body><h1>Council vote ${i}</h1>` +
          `<p>${"The harbour council delayed its vote on the new ferry terminal again. ".repeat(30)}</p></body></html>`,
      }));
      const job = (count: number) => ({
        key: "wire",
        outputPath: path.join(dir, "wire"),
        records: records.slice(0, count),
      });
      try {
        const writing = writeBundle(job(records.length));
        // Killed as soon as it runs, as the kernel's out-of-memory killer would.
        let pid: string | undefined;
        while (!(pid = pagefindChildren()[0])) await new Promise((r) => setTimeout(r, 2));
        process.kill(Number(pid), "SIGKILL");
        await assert.rejects(writing, (error: Error) => {
          assert.ok(error instanceof SearchIndexError, String(error));
          assert.match(error.message, /Pagefind's process ended while it was indexing .* of wire/);
          assert.match(error.message, /Out of memory/);
          return true;
        });
        // The next bundle is indexed by a process of its own.
        assert.equal(await writeBundle(job(3)), 3);
      } finally {
        await closePagefind();
        await rm(dir, { recursive: true, force: true });
      }
      assert.deepEqual(pagefindChildren(), []);
    },
  );

  it("tells Pagefind's own word that its process is gone from its other errors", () => {
    // The `pagefind` module's two messages when its process has ended: whichever arrives
    // before the watch notices, the build reports the process as ended.
    assert.equal(backendClosed(new Error("Pagefind backend closed")), true);
    assert.equal(
      backendClosed(new Error("Cannot send message, backend is closed: [object Object]")),
      true,
    );
    assert.equal(backendClosed(new SearchIndexError("Pagefind could not build the index")), false);
    assert.equal(backendClosed("backend closed"), false);
  });

  it("builds an archive without articles: no bundle, and a search page that says so", async () => {
    const content = await mkdtemp(path.join(tmpdir(), "empty-archive-"));
    await writeFile(
      path.join(content, "sources.yaml"),
      'wire:\n  name: "Wire"\n  homepage: "https://wire.example.com/"\n  language: "en"\n',
    );
    const empty = await buildFixture(content);
    assert.deepEqual(
      (await empty.files()).filter((f) => f.startsWith("pagefind/")),
      [],
    );
    const page = await empty.page("search/");
    assert.equal(page.querySelector("form.search"), null);
    assert.equal(page.querySelectorAll("script[src]").length, 0);
    assert.match(text(page.querySelector("main")), /nothing to search/);
  });
});

describe("search bundles of a bounded size", () => {
  const ids = (count: number) => Array.from({ length: count }, (_, i) => `wire/story-${i}`);

  it("keep a source whole up to the bound, and spread a larger one over parts by article", () => {
    assert.deepEqual(new Set(shardKeysOf("wire", ids(128), 128).values()), new Set(["wire"]));
    const spread = shardKeysOf("wire", ids(500), 128);
    const sizes = new Map<string, number>();
    for (const key of spread.values()) sizes.set(key, (sizes.get(key) ?? 0) + 1);
    assert.deepEqual([...sizes.keys()].sort(), ["wire--0", "wire--1", "wire--2", "wire--3"]);
    // Spread by a hash, so only about even: none holds a third of the source.
    for (const [key, size] of sizes) assert.ok(size > 80 && size < 170, `${key}: ${size}`);
    // However large a source grows, it is spread over sixteen parts at most.
    assert.equal(new Set(shardKeysOf("wire", ids(5000), 128).values()).size, 16);
    // An article's part depends on the source's size, not on which other articles it has.
    const other = shardKeysOf("wire", [...ids(499), "wire/another-story"], 128);
    for (const id of ids(499)) assert.equal(other.get(id), spread.get(id));
  });

  it("spread a source of long documents by the bytes of its files too", () => {
    // 40 documents of about 1 MB each: few articles, but 40 MB to index.
    const long = shardKeysOf("terms", ids(40), 128, 40_000_000);
    assert.equal(new Set(long.values()).size, 10, "about 4 MB a part");
    assert.equal(new Set(shardKeysOf("terms", ids(40), 128, 1_000_000).values()).size, 1);
  });

  it("take the bound from SEARCH_BUNDLE_ARTICLES, refusing anything but a whole number", () => {
    const env = { SITE_URL: "https://archive.example.net/" };
    assert.equal(readSiteConfig(env).searchBundleArticles, undefined);
    assert.equal(
      readSiteConfig({ ...env, SEARCH_BUNDLE_ARTICLES: "300" }).searchBundleArticles,
      300,
    );
    for (const bad of ["0", "-5", "12.5", "many"]) {
      assert.throws(
        () => readSiteConfig({ ...env, SEARCH_BUNDLE_ARTICLES: bad }),
        /SEARCH_BUNDLE_ARTICLES must be a whole number/,
      );
    }
  });
});
