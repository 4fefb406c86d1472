// The oracle: a build that patches the last build's output must give readers exactly the site
// a build from nothing gives, for every kind of change to the content, and refuse exactly
// what a build from nothing refuses. And a build that fails leaves the output as it was.
import assert from "node:assert/strict";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  appendVersion,
  articleFile,
  generateArticle,
  writeArchive,
} from "../../scripts/bench/generate.ts";
import { buildSite, ContentInvalidError } from "../../scripts/build/pipeline.ts";
import { manifestPath } from "../../scripts/build/manifest.ts";
import { serializeArticle } from "../../scripts/load/write.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { assertSameSite, tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SEED = 11;
const ARTICLES = 24;
const config = readSiteConfig({ SITE_URL: "https://archive.example.net/" });

let work: string;
let content: string;
let dist: string;
let cache: string;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "incremental-"));
  content = path.join(work, "content");
  dist = path.join(work, "dist");
  cache = path.join(work, "cache");
  await writeArchive(content, { articles: ARTICLES, seed: SEED, sources: 3 });
});
after(() => rm(work, { recursive: true, force: true }));

const lines: string[] = [];
const cached = () => {
  lines.length = 0;
  return buildSite({
    root: ROOT,
    contentDir: content,
    outDir: dist,
    config,
    cacheDir: cache,
    log: (line) => lines.push(line),
  });
};
/** A build from nothing: no store, no record. */
const fromNothing = (out: string) =>
  buildSite({ root: ROOT, contentDir: content, outDir: out, config });

async function assertSameAsFromNothing(): Promise<void> {
  const reference = path.join(work, "reference");
  await rm(reference, { recursive: true, force: true });
  await fromNothing(reference);
  assertSameSite(await tree(dist), await tree(reference));
}

/** The problems a build reports, as file → messages, or undefined when it succeeded. */
async function refusal(build: () => Promise<unknown>): Promise<string[] | undefined> {
  try {
    await build();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ContentInvalidError, String(error));
    return error.problems.map((p) => `${p.file} ${p.field}: ${p.message}`);
  }
}

const mtimes = async (files: string[]) =>
  Promise.all(files.map(async (f) => (await stat(path.join(dist, f))).mtimeMs));

describe("a build that patches the last one's output", () => {
  it("starts from nothing in full, then finds nothing to do", async () => {
    const first = await cached();
    assert.match(first.mode, /^full/);
    const again = await cached();
    assert.equal(again.mode, "up to date");
    assert.deepEqual(lines, ["Nothing changed since the last build: the site is up to date."]);
  });

  it("after one new version, writes that article and the lists it is on, as a full build would", async () => {
    const article = generateArticle(SEED, 5, 3);
    const { article: next } = appendVersion(article, 1);
    const sources = (await readdir(dist)).filter((n) => existsSync(path.join(dist, n, "feed.xml")));
    const feeds = sources.map((s) => `${s}/feed.xml`);
    const before = await mtimes(feeds);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const patched = await cached();
    assert.equal(patched.mode, `patch (1 of ${ARTICLES} articles changed)`);
    assert.ok(
      patched.written < patched.files / 3,
      `${patched.written} of ${patched.files} written`,
    );
    // Only the changed article's source has a new feed.
    const after = await mtimes(feeds);
    assert.deepEqual(
      feeds.filter((_, i) => before[i] !== after[i]),
      [`${article.source}/feed.xml`],
    );
    await assertSameAsFromNothing();
  });

  it("after a new article, a removed one and a new source description, matches a full build", async () => {
    const added = generateArticle(SEED + 1, 2, 2);
    await writeFile(articleFile(content, added), serializeArticle(added.frontmatter));
    const removed = generateArticle(SEED, 7, 3);
    await rm(articleFile(content, removed));
    const sources = path.join(content, "sources.yaml");
    writeFileSync(
      sources,
      readFileSync(sources, "utf8").replace(/name: "([^"]+)"/, 'name: "$1 (renamed)"'),
    );
    const patched = await cached();
    assert.match(patched.mode, /^patch/);
    await assertSameAsFromNothing();
  });

  it("notices a file rewritten within the same clock tick, with the same size", async () => {
    const article = generateArticle(SEED, 3, 3);
    const file = articleFile(content, article);
    // Built once more so that the record's stamp of this file is as old as possible...
    await cached();
    const text = readFileSync(file, "utf8");
    const { mtime } = await stat(file);
    // ...then the same number of bytes, one letter changed, and the old modification time.
    const changed = text.replace(
      /(headline: ")(.)/,
      (_m, a: string, b: string) => `${a}${b === "Z" ? "Y" : "Z"}`,
    );
    assert.equal(changed.length, text.length);
    writeFileSync(file, changed);
    utimesSync(file, mtime, mtime);
    const patched = await cached();
    assert.match(patched.mode, /^patch \(1 of/);
    await assertSameAsFromNothing();
  });

  it("builds in full when the output folder is not the one it left", async () => {
    await writeFile(path.join(dist, "index.html"), "replaced");
    const built = await cached();
    assert.equal(built.mode, "full (the output folder is not the one the last build left)");
    await assertSameAsFromNothing();
  });

  it("builds in full when its record is damaged, and takes a damaged store entry for a miss", async () => {
    const record = manifestPath(cache, dist);
    const bytes = readFileSync(record);
    writeFileSync(record, bytes.subarray(0, bytes.length - 10));
    // Every article entry cut short: each must be made again, never read as it is.
    const store = path.join(cache, "store", "article");
    for (const group of await readdir(store)) {
      for (const name of await readdir(path.join(store, group))) {
        const entry = path.join(store, group, name);
        const data = readFileSync(entry);
        writeFileSync(entry, data.subarray(0, data.length >> 1));
      }
    }
    const built = await cached();
    assert.match(built.mode, /^full \(no record/);
    assert.ok(
      lines.some((l) => /^Loaded and compared \d+ articles; /.test(l)),
      lines.join("\n"),
    );
    await assertSameAsFromNothing();
  });
});

describe("every build refuses what a build from nothing refuses", () => {
  const outside = () => path.join(work, "outside.md");
  const source = () => generateArticle(SEED, 1, 3).source;
  const cases: [string, () => Promise<void>, () => Promise<void>][] = [
    [
      "a symbolic link to a file outside content/",
      async () => {
        await writeFile(outside(), readFileSync(articleFile(content, generateArticle(SEED, 1, 3))));
        await symlink(outside(), path.join(content, source(), "evil.md"));
      },
      () => rm(path.join(content, source(), "evil.md")),
    ],
    [
      "a folder inside a source folder",
      () => mkdir(path.join(content, source(), "drafts")).then(() => undefined),
      () => rm(path.join(content, source(), "drafts"), { recursive: true }),
    ],
    [
      "a file that is not an article",
      () => writeFile(path.join(content, source(), "notes.txt"), "notes"),
      () => rm(path.join(content, source(), "notes.txt")),
    ],
    [
      "an article that is not UTF-8",
      () =>
        writeFile(
          path.join(content, source(), "latin.md"),
          Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]),
        ),
      () => rm(path.join(content, source(), "latin.md")),
    ],
    [
      "an article whose URL another one has",
      async () => {
        const first = generateArticle(SEED, 1, 3);
        await writeFile(
          path.join(content, first.source, "copy.md"),
          readFileSync(articleFile(content, first)),
        );
      },
      () => rm(path.join(content, source(), "copy.md")),
    ],
    [
      "an article with a broken field",
      async () => {
        const file = articleFile(content, generateArticle(SEED, 2, 3));
        await cp(file, `${file}.keep`);
        writeFileSync(file, readFileSync(file, "utf8").replace("captured_at:", "captured:"));
      },
      async () => {
        const file = articleFile(content, generateArticle(SEED, 2, 3));
        await cp(`${file}.keep`, file);
        await rm(`${file}.keep`);
      },
    ],
  ];
  for (const [name, make, undo] of cases) {
    it(name, async () => {
      await cached(); // the output and its record are up to date
      const before = await tree(dist);
      await make();
      try {
        const patched = await refusal(cached);
        const reference = await refusal(() => fromNothing(path.join(work, "refused")));
        assert.ok(reference, "a build from nothing refuses it");
        assert.deepEqual(patched, reference, "and so does a build that could patch");
        assertSameSite(await tree(dist), before);
      } finally {
        await undo();
      }
    });
  }
});

describe("with the data set published and a correction added", () => {
  const withData = readSiteConfig({
    SITE_URL: "https://archive.example.net/",
    SITE_DATASET: "jsonl",
  });
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "incremental-data-"));
    await writeArchive(path.join(root, "content"), { articles: 8, seed: SEED + 1, sources: 2 });
  });
  after(() => rm(root, { recursive: true, force: true }));
  const build = (out: string, cacheDir?: string) =>
    buildSite({
      root: ROOT,
      contentDir: path.join(root, "content"),
      outDir: path.join(root, out),
      config: withData,
      ...(cacheDir ? { cacheDir: path.join(root, cacheDir) } : {}),
    });

  it("patches the data set, the corrections lists and feeds as a full build writes them", async () => {
    await build("dist", "cache");
    const article = generateArticle(SEED + 1, 2, 2);
    const { article: next } = appendVersion(article, 3);
    const last = next.frontmatter.versions.at(-1)!;
    last.body = `${last.body}\n\nCorrection: An earlier version of this article gave the wrong date.`;
    await writeFile(
      articleFile(path.join(root, "content"), next),
      serializeArticle(next.frontmatter),
    );
    const patched = await build("dist", "cache");
    assert.match(patched.mode, /^patch/);
    await build("reference");
    const dist = await tree(path.join(root, "dist"));
    assertSameSite(dist, await tree(path.join(root, "reference")));
    const corrections = readFileSync(path.join(root, "dist", "corrections.xml"), "utf8");
    assert.match(corrections, /<entry[\s>]/, "the correction is in the archive's corrections feed");
    assert.ok(existsSync(path.join(root, "dist", "data", "archive.jsonl")));
  });
});
