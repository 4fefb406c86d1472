// The parsed-article cache may only ever give what parsing the file now would give: files it
// knows unchanged are not read again, but an edited file, a damaged cache or new parser code
// always leads back to the file itself.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import {
  loaderCodeHash,
  openArticleCache,
  LOADER_CODE,
} from "../../scripts/cache/article-cache.ts";
import { DiffCache, diffKey } from "../../scripts/cache/diff-cache.ts";
import { moduleClosure } from "../../scripts/cache/hash.ts";
import { packName } from "../../scripts/cache/packs.ts";
import { diffVersions } from "../../scripts/diff/index.ts";
import { loadArchive, parseArticleFile, serializeArticle } from "../../scripts/load/index.ts";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = fileURLToPath(new URL("../fixtures/load/valid/content", import.meta.url));
const temporary: string[] = [];
after(() => Promise.all(temporary.map((d) => rm(d, { recursive: true, force: true }))));

/** A copy of the valid fixture tree, its files dated an hour ago (as a checkout would be). */
async function project(): Promise<{ dir: string; content: string; cache: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "article-cache-"));
  temporary.push(dir);
  const content = path.join(dir, "content");
  await cp(fixture, content, { recursive: true });
  for (const file of await readdir(content, { recursive: true })) {
    await age(path.join(content, file));
  }
  return { dir, content, cache: path.join(dir, ".cache") };
}

const anHourAgo = () => new Date(Date.now() - 3_600_000);
async function age(file: string, when = anHourAgo()): Promise<void> {
  await utimes(file, when, when);
}

/** One load through the cache, as the build does it (an incremental build: with heads). */
async function load(
  p: { dir: string; content: string; cache: string },
  options = { heads: false },
) {
  const cache = await openArticleCache(root, p.cache, parseArticleFile, options);
  let read = 0;
  const parse = cache.parse;
  const counting: typeof parse = Object.assign(
    (...args: Parameters<typeof parse>) => {
      read++;
      return parse(...args);
    },
    { unchanged: parse.unchanged },
  );
  const result = await loadArchive(p.content, { root: p.dir, parseArticle: counting });
  await cache.save();
  return { ...result, read, stats: cache.stats };
}

const headlines = (archive: Awaited<ReturnType<typeof loadArchive>>["archive"]) =>
  archive.articles.map((a) => a.versions.map((v) => v.headline));

describe("parsed-article cache", () => {
  it("does not read unchanged files again, and gives the same archive", async () => {
    const p = await project();
    const plain = await loadArchive(p.content, { root: p.dir });
    const first = await load(p);
    assert.equal(first.stats.misses, 4);
    const second = await load(p);
    assert.deepEqual(second.stats, { hits: 4, misses: 0, textLater: 0 });
    assert.equal(second.read, 0, "no file was read");
    assert.deepEqual(
      JSON.parse(JSON.stringify(second.archive)),
      JSON.parse(JSON.stringify(plain.archive)),
    );
    assert.deepEqual(second.problems, []);
  });

  it("with heads, gives unchanged articles whose text is read when asked for", async () => {
    const p = await project();
    const plain = await loadArchive(p.content, { root: p.dir });
    await load(p);
    const listed = await load(p, { heads: true });
    assert.deepEqual(listed.stats, { hits: 4, misses: 0, textLater: 4 });
    assert.equal(listed.read, 0, "no file was read");
    // Serialising reads every property: the text arrives with the rest.
    assert.deepEqual(
      JSON.parse(JSON.stringify(listed.archive)),
      JSON.parse(JSON.stringify(plain.archive)),
    );
  });

  it("with heads, reads the text from the file when the cache has lost it", async () => {
    const p = await project();
    const plain = await loadArchive(p.content, { root: p.dir });
    await load(p);
    // The packs of whole articles go; their heads and the index of known files stay.
    const losePacks = async () => {
      const folder = path.join(p.cache, "articles");
      for (const file of await readdir(folder, { recursive: true })) {
        if (file.endsWith(".pack")) await rm(path.join(folder, file));
      }
    };
    const listed = await load(p, { heads: true });
    await losePacks();
    const paragraphs = (archive: typeof plain.archive) =>
      archive.articles.map((a) => a.versions.map((v) => v.paragraphs));
    assert.deepEqual(paragraphs(listed.archive), paragraphs(plain.archive));

    // And says so, rather than mixing texts, when the file no longer parses as it did.
    const again = await load(p, { heads: true });
    assert.equal(again.stats.textLater, 4);
    await losePacks();
    const [first] = again.archive.articles;
    await writeFile(path.join(p.dir, first!.file), "not an article");
    assert.throws(
      () => first!.versions[0]!.paragraphs,
      (error: Error) =>
        error.message.startsWith(`${first!.file}: its text was needed`) &&
        /Build again\.$/.test(error.message),
    );
    // Or when it parses, but to another history than the one the build began with.
    const count = first!.versions.length;
    const grown = Array.from({ length: count + 1 }, (_, i) => ({
      captured_at: `2024-05-${String(i + 1).padStart(2, "0")}T09:00:00Z`,
      headline: `Headline ${i + 1}`,
      body: `Paragraph of version ${i + 1}.`,
    }));
    await writeFile(
      path.join(p.dir, first!.file),
      serializeArticle({ url: first!.url, tracking: "active", versions: grown }),
    );
    assert.throws(
      () => first!.versions[0]!.paragraphs,
      new RegExp(
        `now has ${count + 1} versions where the build began with ${count}\\. Build again\\.$`,
      ),
    );
  });

  it("gives back versions that share paragraphs exactly as they were parsed", async () => {
    const p = await project();
    const file = path.join(p.content, "bbc/running-story.md");
    // Three versions sharing most paragraphs, one paragraph repeated within a version, one
    // version with a paragraph of its own and one dropped: what a live story looks like.
    const versions = [
      ["Police are at the scene.", "More to follow.", "More to follow."],
      ["Police are at the scene.", "Two people were hurt.", "More to follow."],
      ["Two people were hurt.", "Police are at the scene.", "A witness saw a van."],
    ].map((paragraphs, i) => ({
      captured_at: `2024-05-0${i + 1}T09:00:00Z`,
      headline: i === 2 ? "Van hits crowd" : "Incident in city centre",
      body: paragraphs.join("\n\n"),
    }));
    await writeFile(
      file,
      serializeArticle({ url: "https://example.com/story", tracking: "active", versions }),
    );
    await age(file);
    const plain = await loadArchive(p.content, { root: p.dir });
    const first = await load(p);
    const second = await load(p);
    assert.equal(second.read, 0, "the second load came from the cache");
    const story = (archive: typeof plain.archive) =>
      JSON.parse(JSON.stringify(archive.articles.find((a) => a.slug === "running-story")));
    assert.deepEqual(story(first.archive), story(plain.archive));
    assert.deepEqual(story(second.archive), story(plain.archive));
    assert.deepEqual(
      story(second.archive).versions.map((v: { paragraphs: string[] }) => v.paragraphs),
      versions.map((v) => v.body.split("\n\n")),
    );
  });

  it("reads an edited file again", async () => {
    const p = await project();
    await load(p);
    const file = path.join(p.content, "bbc/budget-2008.md");
    const text = await readFile(file, "utf8");
    const headline = /headline: "([^"]+)"/.exec(text)![1]!;
    await writeFile(file, text.replace(headline, "Budget: the chancellor's plans"));
    await age(file, new Date(Date.now() - 60_000));
    const second = await load(p);
    assert.deepEqual(second.stats, { hits: 3, misses: 1, textLater: 0 });
    const budget = second.archive.articles.find((a) => a.slug === "budget-2008")!;
    assert.equal(budget.versions[0]!.headline, "Budget: the chancellor's plans");
  });

  it("does not trust a file that changed within the clock tick it was read in", async () => {
    const p = await project();
    const file = path.join(p.content, "bbc/budget-2008.md");
    const text = await readFile(file, "utf8");
    // Written just now: a second write in the same tick would keep size and mtime.
    const now = new Date();
    await writeFile(file, text);
    await utimes(file, now, now);
    await load(p);
    const headline = /headline: "([^"]+)"/.exec(text)![1]!;
    const same = "X".repeat(headline.length);
    await writeFile(file, text.replace(headline, same));
    await utimes(file, now, now);
    const second = await load(p);
    const budget = second.archive.articles.find((a) => a.slug === "budget-2008")!;
    assert.equal(budget.versions[0]!.headline, same);
  });

  it("treats a damaged entry as a miss, never as a different article", async () => {
    const p = await project();
    await load(p);
    const folder = path.join(p.cache, "articles");
    const [code] = await readdir(folder);
    const packs = (await readdir(path.join(folder, code!))).filter((n) => n.endsWith(".pack"));
    assert.ok(packs.length > 0);
    for (const name of packs) {
      const file = path.join(folder, code!, name);
      // Still valid JSON, only a different headline: only the pack's checksum can tell.
      const text = await readFile(file, "latin1");
      await writeFile(file, text.replace(/"headline":"./g, '"headline":"#'), "latin1");
    }
    const second = await load(p);
    assert.deepEqual(second.stats, { hits: 0, misses: 4, textLater: 0 });
    const plain = await loadArchive(p.content, { root: p.dir });
    assert.deepEqual(headlines(second.archive), headlines(plain.archive));
  });

  it("is emptied by a change to the parser's code, and kept by a change to other loader code", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "article-cache-code-"));
    temporary.push(dir);
    await mkdir(path.join(dir, "scripts/load"), { recursive: true });
    const put = (file: string, text: string) => writeFile(path.join(dir, file), text);
    await put("scripts/load/article.ts", 'import { a } from "./schema.ts";\nexport const b = a;\n');
    await put("scripts/load/schema.ts", "export const a = 1;\n");
    await put("scripts/load/load.ts", 'import { b } from "./article.ts";\nexport const c = b;\n');
    for (const file of LOADER_CODE) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await put(file, "{}\n");
    }
    assert.deepEqual(await moduleClosure(dir, "scripts/load/article.ts"), [
      "scripts/load/article.ts",
      "scripts/load/schema.ts",
    ]);
    const first = await loaderCodeHash(dir);
    await put("scripts/load/load.ts", "// Reads files 256 at a time.\nexport const c = 2;\n");
    assert.equal(await loaderCodeHash(dir), first, "how files are read does not change an article");
    await put("scripts/load/schema.ts", "export const a = 2;\n");
    assert.notEqual(await loaderCodeHash(dir), first, "the schema decides what a file parses to");
  });
});

describe("diff cache packs", () => {
  it("treat an altered entry as a miss, never as a different change", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "diff-pack-"));
    temporary.push(dir);
    const from = { headline: "Bridge approved", paragraphs: ["The council voted on Tuesday."] };
    const to = { headline: "Bridge approved", paragraphs: ["The council voted late on Tuesday."] };
    const key = diffKey(from, to, "en");
    const cache = await DiffCache.open(dir, "e".repeat(64));
    cache.set(key, diffVersions(from, to, { language: "en" }), to);
    await cache.save();
    const file = path.join(cache.folder, packName(key));
    const text = await readFile(file, "utf8");
    assert.ok(text.includes("late"));
    await writeFile(file, text.replace("late", "LATE"));
    const reopened = await DiffCache.open(dir, "e".repeat(64));
    assert.equal(reopened.get(key, to), undefined);
  });
});
