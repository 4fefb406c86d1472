// The heads snapshot may only ever give what the caches (and, behind them, the files) would
// give: an incremental build that reads unchanged articles and their changes from it must see
// the same archive and the same changes, and a snapshot that no longer fits is not used.
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { loaderCodeHash, openArticleCache } from "../../scripts/cache/article-cache.ts";
import { fromPortable, toPortable } from "../../scripts/cache/diff-cache.ts";
import { diffEngineHash, precomputeDiffs } from "../../scripts/cache/diffs.ts";
import { hashOf } from "../../scripts/cache/hash.ts";
import { HeadsSnapshot } from "../../scripts/cache/heads-snapshot.ts";
import { diffVersions } from "../../scripts/diff/index.ts";
import { changedFields } from "../../scripts/diff/summary.ts";
import { loadArchive, parseArticleFile } from "../../scripts/load/index.ts";
import type { Archive } from "../../scripts/load/types.ts";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = fileURLToPath(new URL("../fixtures/load/valid/content", import.meta.url));
const temporary: string[] = [];
after(() => Promise.all(temporary.map((d) => rm(d, { recursive: true, force: true }))));

/** A copy of the valid fixture tree, its files dated an hour ago (as a checkout would be). */
async function project(): Promise<{ dir: string; content: string; cache: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "heads-snapshot-"));
  temporary.push(dir);
  const content = path.join(dir, "content");
  await cp(fixture, content, { recursive: true });
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (const file of await readdir(content, { recursive: true })) {
    await utimes(path.join(content, file), anHourAgo, anHourAgo);
  }
  return { dir, content, cache: path.join(dir, ".cache") };
}

const code = async () => hashOf(await loaderCodeHash(root), await diffEngineHash(root));

/**
 * Loads the archive and its changes as the build does: a full build (`incremental: false`)
 * reads articles whole and writes the snapshot; an incremental one also reads it.
 */
async function load(
  p: { dir: string; content: string; cache: string },
  incremental: boolean,
  options = { saveSnapshot: true },
) {
  const snapshot = HeadsSnapshot.read(p.cache, await code(), { empty: !incremental });
  const articles = await openArticleCache(root, p.cache, parseArticleFile, {
    heads: incremental,
    snapshot,
  });
  const { archive, problems } = await loadArchive(p.content, {
    root: p.dir,
    parseArticle: articles.parse,
  });
  assert.deepEqual(problems, []);
  await articles.save();
  const { diff, stats } = await precomputeDiffs(archive, {
    root,
    cacheDir: p.cache,
    heads: incremental,
    snapshot,
  });
  if (options.saveSnapshot) await snapshot.save(archive.articles);
  return { archive, diff, stats, articleStats: articles.stats };
}

/** Every change the site shows, diffed afresh from the files. */
function expectedChanges(archive: Archive) {
  return archive.articles.flatMap((article) =>
    article.versions.slice(1).map((to, i) => {
      const from = article.versions[i]!;
      return JSON.parse(JSON.stringify(diffVersions(from, to, { language: "en" })));
    }),
  );
}

function changesOf(loaded: Awaited<ReturnType<typeof load>>) {
  return loaded.archive.articles.flatMap((article) =>
    article.versions
      .slice(1)
      .map((to, i) => JSON.parse(JSON.stringify(loaded.diff(article, article.versions[i]!, to)))),
  );
}

/**
 * Gives the file's first headline another text, dated an hour ago as an older checkout's file
 * would be (so the article cache trusts its new stamp).
 */
async function editHeadline(file: string, replacement: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const headline = /headline: "([^"]+)"/.exec(text)![1]!;
  await writeFile(file, text.replace(headline, replacement));
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await utimes(file, anHourAgo, anHourAgo);
}

/** The head packs go: only the snapshot (or the files) can give unchanged articles now. */
async function loseHeadPacks(cache: string): Promise<void> {
  for (const store of ["article-heads", "diff-heads"]) {
    await rm(path.join(cache, store), { recursive: true, force: true });
  }
}

/** The snapshot's lines file, or its changes file. */
const snapshotFile = async (cache: string, kind: "lines" | "changes" = "lines") => {
  const folder = path.join(cache, "heads-snapshot");
  const names = (await readdir(folder)).filter((name) => name.endsWith(`.${kind}`));
  assert.equal(names.length, 1, `one .${kind} file`);
  return path.join(folder, names[0]!);
};

describe("heads snapshot", () => {
  it("gives an incremental load the archive and the changes the files give", async () => {
    const p = await project();
    const plain = await loadArchive(p.content, { root: p.dir });
    await load(p, false);
    await loseHeadPacks(p.cache);
    const again = await load(p, true);
    assert.equal(again.articleStats.misses, 0, "no article was parsed");
    assert.equal(again.articleStats.textLater, 4, "all four read from their heads");
    assert.equal(again.stats.misses, 0, "no change was diffed");
    // Serialising reads every property: text and blocks arrive with the rest.
    assert.deepEqual(
      JSON.parse(JSON.stringify(again.archive)),
      JSON.parse(JSON.stringify(plain.archive)),
    );
    assert.deepEqual(changesOf(again), expectedChanges(plain.archive));
  });

  it("knows which fields each change rewrote before reading its head", async () => {
    const p = await project();
    const first = await load(p, false);
    const expected = changesOf(first).map((change: { fields: { field: string }[] }) =>
      change.fields.map((f) => f.field),
    );
    assert.ok(expected.flat().includes("headline"), "the fixture rewrites a headline");
    const again = await load(p, true);
    const changes = again.archive.articles.flatMap((article) =>
      article.versions.slice(1).map((to, i) => again.diff(article, article.versions[i]!, to)),
    );
    assert.deepEqual(
      changes.map((change) => changedFields(change)),
      expected,
    );
    // Answered without reading a head: each change's fields are still behind their getter.
    const unread = (change: object) =>
      Object.getOwnPropertyDescriptor(change, "fields")?.get !== undefined;
    assert.ok(changes.every(unread), "no head was read to answer");
    // And the heads, read now, say the same.
    assert.deepEqual(
      changes.map((change) => change.fields.map((f) => f.field)),
      expected,
    );
  });

  it("is not used for a file that changed, nor when it is damaged", async () => {
    const p = await project();
    await load(p, false);
    await editHeadline(
      path.join(p.content, "bbc/budget-2008.md"),
      "Budget: the chancellor's plans",
    );
    const edited = await load(p, true);
    const budget = edited.archive.articles.find((a) => a.slug === "budget-2008")!;
    assert.equal(budget.versions[0]!.headline, "Budget: the chancellor's plans");
    assert.equal(edited.articleStats.misses, 1, "the edited file was parsed");

    // Still lines of the right shape and length, only a headline altered: only the checksum
    // can tell.
    const snapshot = await snapshotFile(p.cache);
    const stored = await readFile(snapshot, "utf8");
    assert.ok(stored.includes("Budget: the chancellor"), "the edit reached the snapshot");
    await writeFile(snapshot, stored.replace("Budget: the chancellor", "Budget: the Chancellor"));
    await loseHeadPacks(p.cache);
    const plain = await loadArchive(p.content, { root: p.dir });
    const damaged = await load(p, true);
    assert.deepEqual(
      JSON.parse(JSON.stringify(damaged.archive)),
      JSON.parse(JSON.stringify(plain.archive)),
    );
    assert.deepEqual(changesOf(damaged), expectedChanges(plain.archive));
    // And written whole again for the next build.
    assert.ok(!(await readFile(snapshot, "utf8")).includes("the Chancellor"));
  });

  it("is not used for a file whose line was written for other text", async () => {
    const p = await project();
    await load(p, false);
    // A build that trusted the edited file but stopped before writing the snapshot: the
    // article cache's index knows the new text, the snapshot the old.
    await editHeadline(
      path.join(p.content, "bbc/budget-2008.md"),
      "Budget: the chancellor's plans",
    );
    await load(p, true, { saveSnapshot: false });
    const again = await load(p, true);
    const budget = again.archive.articles.find((a) => a.slug === "budget-2008")!;
    assert.equal(budget.versions[0]!.headline, "Budget: the chancellor's plans");
  });

  it("is not used for articles loaded with other sources described", async () => {
    const p = await project();
    await load(p, false);
    // A source added, no article file touched: an article's sources are part of what it is
    // (which sources may be linked, say), so no line written with the old list is taken.
    const sources = path.join(p.content, "sources.yaml");
    const added =
      '\nguardian:\n  name: "The Guardian"\n  homepage: "https://www.theguardian.com"\n  language: "en"\n';
    await writeFile(sources, (await readFile(sources, "utf8")) + added);
    const again = await load(p, true);
    assert.ok(again.archive.articles.length > 0);
    assert.deepEqual(
      { misses: again.articleStats.misses, textLater: again.articleStats.textLater },
      { misses: again.archive.articles.length, textLater: 0 },
    );
  });

  it("keys changes by the language they were compared in", async () => {
    const p = await project();
    await load(p, false);
    const sources = path.join(p.content, "sources.yaml");
    const text = await readFile(sources, "utf8");
    await writeFile(sources, text.replaceAll('language: "en"', 'language: "de"'));
    const again = await load(p, true);
    // Same text, another language: no change compared in English is taken for a German one.
    assert.ok(again.stats.pairs > 0);
    assert.deepEqual(
      { hits: again.stats.hits, misses: again.stats.misses },
      { hits: 0, misses: again.stats.pairs },
    );
  });

  it("posts a change whose head is unread in its stored form, which reads back the same", async () => {
    const p = await project();
    const first = await load(p, false);
    const again = await load(p, true);
    const pairs = again.archive.articles.flatMap((article) =>
      article.versions
        .slice(1)
        .map((to, i) => ({ to, change: again.diff(article, article.versions[i]!, to) })),
    );
    assert.ok(pairs.length > 0);
    for (const { to, change } of pairs) {
      const portable = toPortable(change);
      // The blocks as the cache stores them, not parsed to be copied to the worker.
      assert.ok("stored" in portable, "sent in its stored form");
      const back = fromPortable(structuredClone(portable), to);
      assert.deepEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(change)));
    }
    assert.deepEqual(changesOf(again), changesOf(first));
  });

  it("reads a change's head from the diff cache when the changes file lost it", async () => {
    const p = await project();
    const plain = await loadArchive(p.content, { root: p.dir });
    await load(p, false);
    const changes = await snapshotFile(p.cache, "changes");
    // Same length, other counts: only each article's checksum tells.
    const stored = await readFile(changes, "utf8");
    const altered = stored.replace(
      /"wordsAdded":(\d)/g,
      (_, digit: string) => `"wordsAdded":${(Number(digit) + 1) % 10}`,
    );
    assert.notEqual(altered, stored);
    await writeFile(changes, altered);
    const again = await load(p, true);
    assert.deepEqual(changesOf(again), expectedChanges(plain.archive));
  });

  it("appends a changed article's changes, and writes the file anew once it is mostly unused", async () => {
    const p = await project();
    await load(p, false);
    const changes = await snapshotFile(p.cache, "changes");
    const size = (await stat(changes)).size;
    // Three versions: three changes to append each time it is edited.
    const file = path.join(p.content, "nytimes/fed-rate-cut.md");
    const edit = async (replacement: string) => {
      await editHeadline(file, replacement);
      return load(p, true);
    };
    await edit("Fed cuts rates again");
    assert.equal(await snapshotFile(p.cache, "changes"), changes, "appended to");
    const grown = (await stat(changes)).size;
    assert.ok(grown > size, `${grown} > ${size}`);
    // Edited again and again, the file would be mostly old heads: it is written anew.
    let last = changes;
    for (let i = 0; i < 20 && last === changes; i++) {
      await edit(`Fed cuts rates, take ${i}`);
      last = await snapshotFile(p.cache, "changes");
    }
    assert.notEqual(last, changes, "a new changes file");
    assert.ok(
      (await stat(last)).size < (await stat(changes).catch(() => ({ size: Infinity }))).size,
    );
    const plain = await loadArchive(p.content, { root: p.dir });
    await loseHeadPacks(p.cache);
    const again = await load(p, true);
    assert.equal(again.stats.misses, 0, "every change from the snapshot");
    assert.deepEqual(changesOf(again), expectedChanges(plain.archive));
  });

  it("is not written again when the archive has not changed", async () => {
    const p = await project();
    await load(p, false);
    const snapshot = await snapshotFile(p.cache);
    const before = await stat(snapshot);
    await load(p, true);
    const after = await stat(snapshot);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.ino, before.ino);
  });
});
