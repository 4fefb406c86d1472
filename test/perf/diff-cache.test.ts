// The diff cache may only ever return what the diff engine would compute now: a hit for the
// same text, language and engine code; a miss for anything else.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  compactChange,
  DiffCache,
  decodeChange,
  diffKey,
  encodeChange,
  fromPortable,
  toPortable,
} from "../../scripts/cache/diff-cache.ts";
import { diffInWorkers, precomputeDiffs } from "../../scripts/cache/diffs.ts";
import { codeHash } from "../../scripts/cache/hash.ts";
import { packName } from "../../scripts/cache/packs.ts";
import { generateArticle } from "../../scripts/bench/generate.ts";
import { diffVersions } from "../../scripts/diff/index.ts";
import type { VersionText } from "../../scripts/diff/types.ts";
import type { Archive, Article } from "../../scripts/load/types.ts";

const temporary: string[] = [];
after(() => Promise.all(temporary.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "diff-cache-"));
  temporary.push(dir);
  return dir;
}

const before: VersionText = {
  headline: "Council approves harbour bridge",
  paragraphs: [
    "The council voted on Tuesday to approve the bridge.",
    "Work is expected to start in spring.",
    "The mayor said the vote was “a good day for the town”.",
  ],
};
const after1: VersionText = {
  headline: "Council approves harbour bridge after long debate",
  paragraphs: [
    "The council voted late on Tuesday to approve the bridge.",
    "Work is expected to start in spring.",
    "Residents had objected to the cost.",
    "The mayor said the vote was “a good day for the town”.",
  ],
};

/** A small archive from the benchmark generator, as the loader would return it. */
function archiveOf(count: number): Archive {
  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const g = generateArticle(99, i, 2);
    articles.push({
      source: g.source,
      slug: g.slug,
      file: `${g.source}/${g.slug}.md`,
      url: g.frontmatter.url,
      tracking: g.frontmatter.tracking,
      corrections: [],
      versions: g.frontmatter.versions.map((v, n) => ({
        number: n + 1,
        capturedAt: v.captured_at,
        time: Date.parse(v.captured_at),
        headline: v.headline,
        ...(v.byline ? { byline: v.byline } : {}),
        paragraphs: (v.body ?? "").split("\n\n"),
      })),
    });
  }
  const sources = [...new Set(articles.map((a) => a.source))].map((key) => ({
    key,
    name: key,
    homepage: `https://${key}.test/`,
    language: "en",
  }));
  return { sources, articles };
}

describe("diff cache", () => {
  it("stores a change compactly and gives back exactly what was computed", () => {
    const change = diffVersions(before, after1, { language: "en" });
    const stored = encodeChange(change, after1);
    assert.ok(
      stored.blocks.some((b) => "same" in b),
      "unchanged paragraphs are stored by position",
    );
    assert.ok(JSON.stringify(stored).length < JSON.stringify(change).length);
    assert.deepEqual(decodeChange(JSON.parse(JSON.stringify(stored)), after1), change);
  });

  it("keys on both texts and the language", () => {
    const key = diffKey(before, after1, "en");
    assert.equal(diffKey(before, after1, "en"), key);
    assert.notEqual(diffKey(after1, before, "en"), key, "direction matters");
    assert.notEqual(diffKey(before, after1, "ja"), key, "word splitting depends on language");
    const retitled = { ...after1, headline: `${after1.headline}.` };
    assert.notEqual(diffKey(before, retitled, "en"), key);
  });

  it("keeps a freshly computed change compact, reading the same", () => {
    const change = diffVersions(before, after1);
    const compact = compactChange(change, after1);
    assert.ok("stored" in toPortable(compact), "blocks kept as text until read");
    assert.deepEqual(compact, change);
  });

  it("sends a cached change to a worker thread without parsing its blocks here", async () => {
    const dir = await tempDir();
    const change = diffVersions(before, after1);
    const key = diffKey(before, after1, undefined);
    const cache = await DiffCache.open(dir, "engine-a".padEnd(64, "0"));
    cache.set(key, change, after1);
    await cache.save();
    const cached = (await DiffCache.open(dir, "engine-a".padEnd(64, "0"))).get(key, after1)!;

    // What postMessage does to it: a structured clone.
    const posted = structuredClone(toPortable(cached));
    assert.ok("stored" in posted, "the blocks travel as stored text");
    assert.ok("stored" in toPortable(cached), "and were not parsed on this side to send them");
    assert.deepEqual(fromPortable(posted, after1), change, "the worker reads the same change");

    const read = cached.blocks;
    assert.equal(cached.blocks, read, "a reader holding the blocks gets the same ones again");
    // The parsed blocks are only held weakly here, so they travel as text even once read.
    assert.ok("stored" in toPortable(cached), "once read here, the blocks still travel as text");
    assert.deepEqual(fromPortable(structuredClone(toPortable(cached)), after1), change);
  });

  it("with heads, gives the same change and reads its blocks only when asked for", async () => {
    const dir = await tempDir();
    const engine = "engine-a".padEnd(64, "0");
    const change = diffVersions(before, after1);
    const key = diffKey(before, after1, undefined);
    const first = await DiffCache.open(dir, engine);
    first.set(key, change, after1);
    await first.save();

    let recomputed = 0;
    const recompute = () => (recomputed++, diffVersions(before, after1));
    const listed = await DiffCache.open(dir, engine, { heads: true });
    const cached = listed.get(key, after1, recompute)!;
    assert.deepEqual(listed.stats, { hits: 1, misses: 0 });
    assert.deepEqual(cached.stats, change.stats);
    assert.deepEqual(cached.fields, change.fields);
    // The whole entry is read when the blocks are: lost by then, they are computed again.
    await rm(path.join(dir, "diffs"), { recursive: true });
    assert.deepEqual(cached.blocks, change.blocks);
    assert.equal(recomputed, 1);

    const again = await DiffCache.open(dir, engine, { heads: true });
    again.set(key, change, after1);
    await again.save();
    const read = (await DiffCache.open(dir, engine, { heads: true })).get(key, after1, recompute);
    assert.deepEqual(read, change);
    assert.equal(recomputed, 1, "read from the cache, not computed");
  });

  it("hits after being saved and reopened, and misses for another engine version", async () => {
    const dir = await tempDir();
    const change = diffVersions(before, after1);
    const key = diffKey(before, after1, undefined);
    const first = await DiffCache.open(dir, "engine-a".padEnd(64, "0"));
    assert.equal(first.get(key, after1), undefined);
    first.set(key, change, after1);
    await first.save();

    const reopened = await DiffCache.open(dir, "engine-a".padEnd(64, "0"));
    assert.deepEqual(reopened.get(key, after1), change);
    assert.deepEqual(reopened.stats, { hits: 1, misses: 0 });

    const newEngine = await DiffCache.open(dir, "engine-b".padEnd(64, "0"));
    assert.equal(newEngine.get(key, after1), undefined, "changed diff code empties the cache");
    await newEngine.save();
    assert.ok(
      !(await readdir(path.join(dir, "diffs"))).includes("engine-a00000000"),
      "the old engine's packs are removed",
    );
  });

  it("treats a damaged pack as missing entries, not as an error", async () => {
    const dir = await tempDir();
    const key = diffKey(before, after1, undefined);
    const cache = await DiffCache.open(dir, "e".repeat(64));
    cache.set(key, diffVersions(before, after1), after1);
    await cache.save();
    await writeFile(path.join(cache.folder, packName(key)), "{ not json");
    const reopened = await DiffCache.open(dir, "e".repeat(64));
    assert.equal(reopened.get(key, after1), undefined);
  });

  it("changes its engine hash when any file of the diff code changes", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "scripts/diff"), { recursive: true });
    await writeFile(path.join(dir, "scripts/diff/words.ts"), "export const a = 1;\n");
    const first = await codeHash(dir, ["scripts/diff"]);
    assert.equal(await codeHash(dir, ["scripts/diff"]), first);
    await writeFile(path.join(dir, "scripts/diff/words.ts"), "export const a = 2;\n");
    assert.notEqual(await codeHash(dir, ["scripts/diff"]), first);
  });

  it("diffs in worker threads exactly as on the main thread", async () => {
    const archive = archiveOf(6);
    const jobs = archive.articles.flatMap((a) =>
      a.versions.slice(1).map((v, i) => ({ from: a.versions[i]!, to: v, language: "en" })),
    );
    assert.ok(jobs.length >= 4);
    const inWorkers = await diffInWorkers(jobs, 2);
    assert.deepEqual(
      inWorkers,
      jobs.map((j) => diffVersions(j.from, j.to, { language: "en" })),
    );
  });

  it("computes each change once: the second build takes every change from the cache", async () => {
    const dir = await tempDir();
    const archive = archiveOf(30);
    const root = path.resolve(import.meta.dirname, "../..");
    const first = await precomputeDiffs(archive, { root, cacheDir: dir, workers: 2 });
    assert.equal(first.stats.hits, 0);
    assert.ok(first.stats.misses > 0);
    const second = await precomputeDiffs(archive, { root, cacheDir: dir });
    assert.equal(second.stats.misses, 0);
    assert.equal(second.stats.hits, first.stats.misses);
    for (const a of archive.articles) {
      for (let i = 1; i < a.versions.length; i++) {
        assert.deepEqual(
          second.diff(a, a.versions[i - 1]!, a.versions[i]!),
          first.diff(a, a.versions[i - 1]!, a.versions[i]!),
        );
      }
    }
  });
});

describe("parsed-article cache", () => {
  it("parses a file once, and again when its text changes", async () => {
    const { openArticleCache } = await import("../../scripts/cache/article-cache.ts");
    const { parseArticleFile, serializeArticle } = await import("../../scripts/load/index.ts");
    const dir = await tempDir();
    const root = path.resolve(import.meta.dirname, "../..");
    const g = generateArticle(3, 1, 2);
    const file = `content/${g.source}/${g.slug}.md`;
    const text = serializeArticle(g.frontmatter);
    const sources = new Set([g.source]);

    const first = await openArticleCache(root, dir, parseArticleFile);
    const parsed = first.parse(file, text, sources);
    await first.save();
    const second = await openArticleCache(root, dir, parseArticleFile);
    assert.deepEqual(
      JSON.parse(JSON.stringify(second.parse(file, text, sources))),
      JSON.parse(JSON.stringify(parsed)),
    );
    assert.deepEqual(second.stats, { hits: 1, misses: 0, textLater: 0 });
    second.parse(
      file,
      text.replace(g.frontmatter.versions[0]!.headline, "A new headline"),
      sources,
    );
    assert.deepEqual(second.stats, { hits: 1, misses: 1, textLater: 0 });
    const broken = second.parse(
      file,
      text.replace(/captured_at: "[^"]+"/, 'captured_at: "soon"'),
      sources,
    );
    assert.ok(broken.problems.length > 0, "problems are reported, never cached away");
  });
});
