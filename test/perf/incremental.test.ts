// An incremental rebuild must give readers exactly the site a full build gives: same files,
// same bytes. And it must keep the build's promise: a failed build leaves dist/ as it was.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  appendVersion,
  articleFile,
  generateArticle,
  writeArchive,
} from "../../scripts/bench/generate.ts";
import { ContentInvalidError } from "../../scripts/build/prepare.ts";
import { buildSite } from "../../scripts/build/site.ts";
import { buildWithCache } from "../../scripts/cache/build-cache.ts";
import { startEarlySearch } from "../../scripts/cache/early-search.ts";
import {
  groupFiles,
  keptFiles,
  packFiles,
  patchedFiles,
  readInputs,
  readManifest,
  recordedFolders,
  unpackFiles,
  writeManifest,
} from "../../scripts/cache/incremental.ts";
import { serializeArticle } from "../../scripts/load/write.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { assertSameSite, tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SEED = 11;
const ARTICLES = 24;
const config = readSiteConfig({ SITE_URL: "https://archive.example.net/" });

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "incremental-"));
});
after(() => rm(work, { recursive: true, force: true }));

const cached = (content: string, out: string, log?: (line: string) => void) =>
  buildWithCache({
    root: ROOT,
    contentDir: content,
    outDir: out,
    config,
    cacheDir: path.join(work, "cache"),
    ...(log ? { log } : {}),
  });
const full = (content: string, out: string) =>
  buildSite({ root: ROOT, contentDir: content, outDir: out, config });

/** A record's file lists, unpacked. */
const unpacked = (owned: Record<string, string>) =>
  Object.fromEntries(Object.entries(owned).map(([id, packed]) => [id, unpackFiles(id, packed)]));

/** Builds the content afresh into work/reference and compares dist/ with it, byte for byte. */
async function assertSameAsFullBuild(content: string, dist: string): Promise<void> {
  const reference = path.join(work, "reference");
  await rm(reference, { recursive: true, force: true });
  await full(content, reference);
  assertSameSite(await tree(dist), await tree(reference));
}

describe("incremental rebuilds", () => {
  it("after one new version, produce the same dist/ as a full build", async () => {
    const content = path.join(work, "content");
    await writeArchive(content, { articles: ARTICLES, seed: SEED, sources: 3 });
    const dist = path.join(work, "dist");
    const first = await cached(content, dist);
    assert.match(first.mode, /^full/);

    const article = generateArticle(SEED, 5, 3);
    const { article: next } = appendVersion(article, 1);
    // Each source's feed and sitemap file, with when it was written.
    const perSource = async () => {
      const sources = (await readdir(dist)).filter((name) =>
        existsSync(path.join(dist, name, "feed.xml")),
      );
      const files = sources.flatMap((s) => [`${s}/feed.xml`, `${s}/sitemap.xml`]);
      return new Map(
        await Promise.all(
          files.map(async (f) => [f, (await stat(path.join(dist, f))).mtimeMs] as const),
        ),
      );
    };
    const written = await perSource();
    assert.equal(written.size, 6, "three sources, each with a feed and a sitemap");
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const lines: string[] = [];
    const second = await cached(content, dist, (line) => lines.push(line));
    assert.equal(second.mode, `incremental (1 of ${ARTICLES} articles changed)`);
    // The changed article's source has a new feed and sitemap; the others keep theirs.
    const rewritten = [...(await perSource())].filter(([f, t]) => written.get(f) !== t);
    assert.deepEqual(rewritten.map(([f]) => f).sort(), [
      `${article.source}/feed.xml`,
      `${article.source}/sitemap.xml`,
    ]);
    // Its source's search bundle was begun from the records the first build kept, before
    // the archive was loaded.
    assert.ok(
      lines.includes(`Indexing ${article.source} for search while the site is prepared.`),
      lines.join("\n"),
    );
    assert.ok(!lines.some((l) => l.includes("begun ahead are not")), "and those bundles were used");
    // The other articles were read without their text (the changed one was parsed).
    assert.ok(
      lines.includes(
        `Articles: ${ARTICLES - 1} from the cache (${ARTICLES - 1} of them without their text until asked), 1 parsed.`,
      ),
      lines.join("\n"),
    );
    assert.ok(second.reused > 0, "unchanged articles' files were taken over");
    const rendered = second.result!.pages;
    assert.ok(rendered < first.result!.pages / 2, `rendered ${rendered} files, not the whole site`);
    // The staging folder, and the search bundle it replaced, are gone.
    assert.deepEqual(
      (await readdir(work)).filter((name) => name.includes("-building-")),
      [],
    );

    await assertSameAsFullBuild(content, dist);
  });

  it("rewrite only the list pages whose entries changed", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const archivePage = path.join(dist, "page/1/index.html");
    const before = await stat(archivePage);
    // A new article, captured after everything else: its change is the archive's newest.
    const story = generateArticle(SEED, ARTICLES + 1, 3);
    const late = story.frontmatter.versions.map((v, i) => ({
      ...v,
      captured_at: `2031-01-0${i + 1}T12:00:00Z`,
    }));
    const fresh = { ...story, frontmatter: { ...story.frontmatter, versions: late.slice(0, 2) } };
    await writeFile(articleFile(content, fresh), serializeArticle(fresh.frontmatter));
    const lines: string[] = [];
    const again = await cached(content, dist, (line) => lines.push(line));
    assert.match(again.mode, /^incremental/);
    assert.equal((await stat(archivePage)).mtimeMs, before.mtimeMs, "page 1 was not rewritten");
    assert.ok(lines.some((l) => /Rendering 1 changed .*, [0-9]+ list pages/.test(l)));

    await assertSameAsFullBuild(content, dist);
  });

  it("index a source again from its articles when the records kept for it are damaged", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const article = generateArticle(SEED, 6, 3);
    const kept = path.join(work, "cache", "search-records", `${article.source}.json`);
    const text = await readFile(kept, "utf8");
    await writeFile(kept, text.slice(0, text.length / 2));
    const { article: next } = appendVersion(article, 1);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const lines: string[] = [];
    const again = await cached(content, dist, (line) => lines.push(line));
    assert.match(again.mode, /^incremental/);
    assert.ok(!lines.some((l) => l.includes("while the site is prepared")), lines.join("\n"));
    await assertSameAsFullBuild(content, dist);
    // Kept whole again for the next build.
    assert.doesNotThrow(() => JSON.parse(readFileSync(kept, "utf8")));
  });

  it("take unchanged changes from their heads, diffing again any blocks a page needs", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const cacheDir = path.join(work, "cache");
    // Without the diff cache's full entries, only their heads (diff-heads/) can give the
    // changes of the unchanged articles; blocks a page shows are diffed again.
    await rm(path.join(cacheDir, "diffs"), { recursive: true, force: true });
    const article = generateArticle(SEED, 9, 3);
    const { article: next } = appendVersion(article, 1);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const lines: string[] = [];
    const again = await cached(content, dist, (line) => lines.push(line));
    assert.match(again.mode, /^incremental \(1 of/);
    // Computed here: at most the pairs the new version made (the newest, and first →
    // latest), which the search begun ahead may already have diffed and kept.
    const versions = next.frontmatter.versions.length;
    const fresh = versions > 2 ? 2 : 1;
    const counts = /^Changes: (\d+) from the cache, (\d+) computed/.exec(
      lines.find((l) => l.startsWith("Changes: ")) ?? "",
    );
    assert.ok(counts, lines.join("\n"));
    assert.ok(Number(counts[2]) <= fresh, lines.join("\n"));
    assert.ok(Number(counts[1]) > ARTICLES, "every other change came from its head");
    await assertSameAsFullBuild(content, dist);
  });

  it("index again after loading when the bundles begun ahead are not the ones needed", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const cacheDir = path.join(work, "cache");
    const grown = generateArticle(SEED, 14, 3);
    // An article of another source that the manifest no longer knows the files of: loading
    // shows its source must be re-indexed too, which the content's hashes could not tell.
    const other = [15, 16, 17, 18, 19, 20]
      .map((i) => generateArticle(SEED, i, 3))
      .find((a) => a.source !== grown.source)!;
    const manifest = (await readManifest(cacheDir, dist))!;
    delete manifest.owned[`${other.source}/${other.slug}`];
    await writeManifest(cacheDir, dist, manifest);
    const { article: next } = appendVersion(grown, 1);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const lines: string[] = [];
    const again = await cached(content, dist, (line) => lines.push(line));
    assert.match(again.mode, /^incremental \(2 of/);
    assert.ok(lines.includes(`Indexing ${grown.source} for search while the site is prepared.`));
    assert.ok(
      lines.some((l) => l.includes("begun ahead are not")),
      lines.join("\n"),
    );
    await assertSameAsFullBuild(content, dist);
  });

  it("do not index ahead from a file edited after the build hashed it", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    // A copy: what this test indexes ahead must not change what the next builds find kept.
    const cacheDir = path.join(work, "early-cache");
    await cp(path.join(work, "cache"), cacheDir, { recursive: true });
    const previous = (await readManifest(cacheDir, dist))!.inputs;
    const article = generateArticle(SEED, 13, 3);
    const file = articleFile(content, article);
    const original = await readFile(file, "utf8");
    const { article: next } = appendVersion(article, 1);
    await writeFile(file, serializeArticle(next.frontmatter));
    const start = async (edit: (inputs: typeof previous) => void) => {
      const inputs = await readInputs(ROOT, content, config, previous);
      edit(inputs);
      const staging = path.join(work, "early-staging");
      const early = await startEarlySearch({
        root: ROOT,
        contentDir: content,
        cacheDir,
        config,
        previous,
        inputs,
        staging,
        bundles: { dir: cacheDir, store: true },
      });
      await early?.done;
      await rm(staging, { recursive: true, force: true });
      return early;
    };
    try {
      // As hashed: indexed ahead.
      assert.ok(await start(() => {}));
      // The build hashed other bytes than the file now holds (edited meanwhile): records made
      // from it must not be kept under that hash's fingerprint, so nothing starts ahead.
      const id = `${path.basename(path.dirname(file))}/${path.basename(file)}`;
      assert.equal(
        await start((inputs) => {
          inputs.files[id] = { ...inputs.files[id]!, hash: "0".repeat(64) };
        }),
        undefined,
      );
    } finally {
      await writeFile(file, original);
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("leave dist/ untouched when the archive turns out invalid after indexing began", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const before = await tree(dist);
    // Both changed files are valid on their own; together with another file, one is not
    // (two articles with one URL), which only loading the whole archive shows.
    const grown = generateArticle(SEED, 10, 3);
    const { article: next } = appendVersion(grown, 1);
    const copier = articleFile(content, generateArticle(SEED, 11, 3));
    const original = await readFile(copier, "utf8");
    const taken = /^url: .*$/m.exec(
      await readFile(articleFile(content, generateArticle(SEED, 12, 3)), "utf8"),
    )![0];
    const grownText = await readFile(articleFile(content, grown), "utf8");
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    await writeFile(copier, original.replace(/^url: .*$/m, taken));
    const lines: string[] = [];
    await assert.rejects(
      cached(content, dist, (line) => lines.push(line)),
      ContentInvalidError,
    );
    assert.ok(
      lines.some((l) => l.includes("while the site is prepared")),
      lines.join("\n"),
    );
    assertSameSite(await tree(dist), before);
    assert.deepEqual(
      (await readdir(work)).filter((name) => name.includes("-building-")),
      [],
      "the staging folder and the bundles begun in it are gone",
    );
    await writeFile(articleFile(content, grown), grownText);
    await writeFile(copier, original);
    assert.equal((await cached(content, dist)).mode, "up to date");
  });

  it("remove a deleted article's files and search entries, as a full build would", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const gone = generateArticle(SEED, 9, 3);
    await rm(articleFile(content, gone));
    const again = await cached(content, dist);
    assert.match(again.mode, /^incremental \(0 of/);
    await assertSameAsFullBuild(content, dist);
  });

  it("remove a source's search bundle with its last article, as a full build would", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const source = generateArticle(SEED, 9, 3).source;
    assert.ok(existsSync(path.join(dist, "pagefind", source)), "the source had a bundle");
    await rm(path.join(content, source), { recursive: true });
    const again = await cached(content, dist);
    assert.match(again.mode, /^incremental \(0 of/);
    assert.equal(existsSync(path.join(dist, "pagefind", source)), false);
    await assertSameAsFullBuild(content, dist);
  });

  it("with nothing changed, do nothing and leave dist/ as it is", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const before = await tree(dist);
    const again = await cached(content, dist);
    assert.equal(again.mode, "up to date");
    assert.equal(again.result, undefined);
    assertSameSite(await tree(dist), before);
    assertSameSite(await tree(dist), await tree(path.join(work, "reference")));
  });

  it("build in full when dist/ was replaced by something the cache did not write", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    await rm(dist, { recursive: true });
    await cp(path.join(work, "reference"), dist, { recursive: true });
    await writeFile(path.join(dist, "index.html"), "<!doctype html><title>stale</title>");
    const rebuilt = await cached(content, dist);
    assert.match(rebuilt.mode, /^full \(the output folder/);
    assertSameSite(await tree(dist), await tree(path.join(work, "reference")));
  });

  it("build in full when the record of the last build's files is damaged", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const cacheDir = path.join(work, "cache");
    const [record] = await readdir(path.join(cacheDir, "builds"));
    const file = path.join(cacheDir, "builds", record!);
    const text = await readFile(file, "utf8");
    // The first line (inputs) is intact; one file name in the file lists is not.
    const split = text.indexOf("\n") + 1;
    const damaged = text.slice(0, split) + text.slice(split).replace("index.html", "indeX.html");
    assert.notEqual(damaged, text);
    await writeFile(file, damaged);
    // A new version too, so that a build trusting the record would patch the site from it.
    const article = [15, 16, 17, 18, 19, 20]
      .map((i) => generateArticle(SEED, i, 3))
      .find((a) => existsSync(articleFile(content, a)))!;
    const { article: next } = appendVersion(article, 1);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const rebuilt = await cached(content, dist);
    assert.match(rebuilt.mode, /^full \(no earlier build recorded\)/);
    await assertSameAsFullBuild(content, dist);
    // The record the full build left passes its length and CRC-32 checks again.
    assert.ok(await readManifest(cacheDir, dist), "a trusted record");
  });

  it("leave the previous dist/ untouched when the content turns out invalid", async () => {
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const before = await tree(dist);
    const victim = articleFile(content, generateArticle(SEED, 7, 3));
    const text = await readFile(victim, "utf8");
    await writeFile(victim, text.replace(/captured_at: "[^"]+"/, 'captured_at: "yesterday"'));
    await assert.rejects(cached(content, dist), ContentInvalidError);
    assertSameSite(await tree(dist), before);

    // Fixed again: the next build is incremental and still matches a full build.
    await writeFile(victim, text);
    const fixed = await cached(content, dist);
    assert.equal(fixed.mode, "up to date");
  });

  it("copy unchanged sources' search bundles in a full build with the cache restored (CI)", async () => {
    // On CI the cache is restored but dist/ is not: every build is a full one.
    const content = path.join(work, "content");
    const dist = path.join(work, "dist");
    const ciBuild = async () => {
      await rm(dist, { recursive: true, force: true });
      const lines: string[] = [];
      const built = await cached(content, dist, (line) => lines.push(line));
      assert.match(built.mode, /^full/);
      return lines.find((l) => l.startsWith("Indexed ")) ?? lines.join("\n");
    };
    await ciBuild();
    const sources = (await readdir(path.join(dist, "pagefind"))).sort();
    // When each source's kept search records were last written.
    const recordsWritten = async () =>
      new Map(
        await Promise.all(
          sources.map(async (s) => {
            const file = path.join(work, "cache", "search-records", `${s}.json`);
            return [s, (await stat(file)).mtimeMs] as const;
          }),
        ),
      );
    assert.ok(sources.length >= 2, "the archive has several sources");
    const stored = (await readdir(path.join(work, "cache", "search-bundles"))).sort();
    assert.deepEqual(
      stored.map((name) => name.slice(0, name.indexOf("."))),
      sources,
      "one bundle kept per source, none for the source removed earlier",
    );

    const firstRecords = await recordsWritten();
    assert.match(
      await ciBuild(),
      new RegExp(`in ${sources.length} bundles \\(${sources.length} copied`),
    );
    await assertSameAsFullBuild(content, dist);
    assert.deepEqual(await recordsWritten(), firstRecords, "kept records taken, not written again");

    // With the code and the articles unchanged, a bundle is found by what its records are made
    // from: the records are neither read nor made (a source's file, taken away, stays away).
    const [first] = sources;
    const recordsFile = path.join(work, "cache", "search-records", `${first}.json`);
    const kept = await readFile(recordsFile);
    await rm(recordsFile);
    assert.match(await ciBuild(), new RegExp(`\\(${sources.length} copied`));
    await assertSameAsFullBuild(content, dist);
    assert.equal(existsSync(recordsFile), false, "the records were not made again");
    await writeFile(recordsFile, kept);
    firstRecords.set(first!, (await stat(recordsFile)).mtimeMs);

    const article = generateArticle(SEED, 7, 3);
    const file = articleFile(content, article);
    const original = await readFile(file, "utf8");
    try {
      const { article: next } = appendVersion(article, 1);
      await writeFile(file, serializeArticle(next.frontmatter));
      // The article's source is indexed with its new version; every other source is copied.
      assert.match(await ciBuild(), new RegExp(`\\(${sources.length - 1} copied`));
      await assertSameAsFullBuild(content, dist);
      const rewritten = [...(await recordsWritten())].filter(([s, t]) => firstRecords.get(s) !== t);
      assert.deepEqual(
        rewritten.map(([s]) => s),
        [article.source],
        "only the changed source's records are written",
      );
    } finally {
      await writeFile(file, original);
    }
    // An incremental build (dist/ kept) looks bundles up but stores none.
    const before = await readdir(path.join(work, "cache", "search-bundles"));
    assert.match((await cached(content, dist)).mode, /^incremental/);
    assert.deepEqual(await readdir(path.join(work, "cache", "search-bundles")), before);
    await assertSameAsFullBuild(content, dist);
  });
});

describe("incremental rebuilds of sources spread over several search bundles", () => {
  /** Builds with at most `bound` articles per search bundle, in folders of their own. */
  const setup = async (name: string, bound: number) => {
    const dir = path.join(work, name);
    const content = path.join(dir, "content");
    const dist = path.join(dir, "dist");
    await writeArchive(content, { articles: ARTICLES, seed: SEED, sources: 3 });
    const spread = { ...config, searchBundleArticles: bound };
    const build = (log?: (line: string) => void) =>
      buildWithCache({
        root: ROOT,
        contentDir: content,
        outDir: dist,
        config: spread,
        cacheDir: path.join(dir, "cache"),
        ...(log ? { log } : {}),
      });
    const sameAsFull = async () => {
      const reference = path.join(dir, "reference");
      await rm(reference, { recursive: true, force: true });
      await buildSite({ root: ROOT, contentDir: content, outDir: reference, config: spread });
      assertSameSite(await tree(dist), await tree(reference));
    };
    /** The bundles' folders, and the ones the search page merges. */
    const bundles = async () => {
      const folders = (await readdir(path.join(dist, "pagefind"))).sort();
      const page = await readFile(path.join(dist, "search/index.html"), "utf8");
      const merged = /data-merge-bundles="([^"]*)"/.exec(page)?.[1]?.split(/\s+/) ?? [];
      return { folders, merged };
    };
    return { content, dist, build, sameAsFull, bundles };
  };

  it("index again only the part holding the changed article, as a full build would", async () => {
    const { content, dist, build, sameAsFull, bundles } = await setup("spread", 3);
    assert.match((await build()).mode, /^full/);
    const { folders, merged } = await bundles();
    // Eight articles per source, at most three per bundle: three parts each.
    const article = generateArticle(SEED, 5, 3);
    const parts = folders.filter((f) => f.startsWith(`${article.source}--`));
    assert.equal(parts.length, 3, folders.join(" "));
    assert.equal(merged.length, folders.length - 1, "the search page merges every other bundle");
    const times = async () =>
      new Map(
        await Promise.all(
          (await readdir(path.join(dist, "pagefind"), { recursive: true }))
            .filter((f) => f.endsWith("pagefind-entry.json"))
            .map(async (f) => [f, (await stat(path.join(dist, "pagefind", f))).mtimeMs] as const),
        ),
      );
    const before = await times();
    const { article: next } = appendVersion(article, 1);
    await writeFile(articleFile(content, next), serializeArticle(next.frontmatter));
    const lines: string[] = [];
    assert.match((await build((line) => lines.push(line))).mode, /^incremental/);
    const indexed = lines.filter((l) => l.startsWith("Indexing "));
    assert.equal(indexed.length, 1, lines.join("\n"));
    const [, key] = /^Indexing (\S+) for search/.exec(indexed[0]!)!;
    assert.ok(parts.includes(key!), `${key} is one of ${parts.join(", ")}`);
    const rewritten = [...(await times())].filter(([f, t]) => before.get(f) !== t);
    assert.deepEqual(
      rewritten.map(([f]) => f),
      [`${key}/pagefind-entry.json`],
      "the other bundles were kept as they were",
    );
    await sameAsFull();
  });

  it("spread a source anew when it grows past the bound, as a full build would", async () => {
    // Eight articles per source, at most eight per bundle: one bundle each, until a ninth.
    const { content, build, sameAsFull, bundles } = await setup("respread", 8);
    await build();
    const added = generateArticle(SEED, ARTICLES, 3);
    assert.deepEqual(
      (await bundles()).folders.filter((f) => f.startsWith(added.source)),
      [added.source],
    );
    await writeFile(articleFile(content, added), serializeArticle(added.frontmatter));
    assert.match((await build()).mode, /^incremental/);
    const { folders, merged } = await bundles();
    assert.deepEqual(
      folders.filter((f) => f.startsWith(added.source)),
      [`${added.source}--0`, `${added.source}--1`],
    );
    assert.equal(merged.length, folders.length - 1);
    await sameAsFull();
  });
});

describe("the record of a build's files", () => {
  it("gives each article the files under its folder, and everything else to the site", () => {
    const files = [
      "wire/strike/index.html",
      "wire/strike/v2/index.html",
      "wire/strike/history.json",
      "wire/strike-ends/index.html",
      "wire/feed.xml",
      "wire/index.html",
      "pagefind/wire/pagefind.js",
      "index.html",
      "wire/gone/index.html",
    ];
    const { owned, shared } = groupFiles(files, new Set(["wire/strike", "wire/strike-ends"]));
    assert.deepEqual(unpacked(owned), {
      "wire/strike": [
        "wire/strike/history.json",
        "wire/strike/index.html",
        "wire/strike/v2/index.html",
      ],
      "wire/strike-ends": ["wire/strike-ends/index.html"],
    });
    assert.deepEqual(shared, [
      "index.html",
      "pagefind/wire/pagefind.js",
      "wire/feed.xml",
      "wire/gone/index.html",
      "wire/index.html",
    ]);
  });

  it("gives each search bundle the files under its folder too", () => {
    const files = [
      "pagefind/wire--0/pagefind-entry.json",
      "pagefind/wire--0/index/en_1.pf_index",
      "pagefind/wire--1/pagefind-entry.json",
      "pagefind/pagefind.js",
      "wire/strike/index.html",
    ];
    const folders = recordedFolders(["wire/strike"], ["wire--0", "wire--1"]);
    const { owned, shared } = groupFiles(files, folders);
    assert.deepEqual(unpacked(owned), {
      "pagefind/wire--0": [
        "pagefind/wire--0/index/en_1.pf_index",
        "pagefind/wire--0/pagefind-entry.json",
      ],
      "pagefind/wire--1": ["pagefind/wire--1/pagefind-entry.json"],
      "wire/strike": ["wire/strike/index.html"],
    });
    assert.deepEqual(shared, ["pagefind/pagefind.js"]);
  });
});

describe("the record of a patched site", () => {
  const strike = ["wire/strike/index.html", "wire/strike/v2/index.html"];
  const previous = {
    owned: {
      "wire/strike": packFiles("wire/strike", strike),
      "wire/budget": packFiles("wire/budget", ["wire/budget/index.html"]),
    },
    shared: ["index.html", "wire/feed.xml", "wire/index.html"],
  };
  // The patch rendered wire/budget again (now with a second version) and the source's list.
  const kept = keptFiles(
    previous.owned,
    new Set(["wire/strike"]),
    new Set(["index.html", "wire/feed.xml"]),
  );

  it("keeps exactly the listed files of the articles it keeps, and the other files it names", () => {
    assert.equal(kept.size, 4);
    assert.ok(kept.has("wire/strike/v2/index.html"));
    assert.ok(kept.has("wire/feed.xml"));
    // A page the kept article never had: a link to it is broken, not kept.
    assert.ok(!kept.has("wire/strike/v3/index.html"));
    assert.ok(!kept.has("wire/strike/v2/index"), "only whole names");
    assert.ok(!kept.has("wire/strike/"), "only whole names");
    assert.ok(!kept.has("wire/budget/index.html"), "rendered again, not kept");
    assert.ok(!kept.has("wire/index.html"), "rendered again, not kept");
  });
  const written = ["wire/budget/index.html", "wire/budget/v2/index.html", "wire/index.html"];

  it("lists what was kept and what was written, as a full build's record would", () => {
    const ids = new Set(["wire/strike", "wire/budget"]);
    assert.deepEqual(
      patchedFiles(written, ids, { kept, previous }),
      groupFiles([...strike, "index.html", "wire/feed.xml", ...written], ids),
    );
  });
});
