// The benchmark archive must be the same every time (or figures are not comparable between
// runs and machines) and shaped like a newsroom's (or the figures say nothing about one).
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  appendVersion,
  generateArticle,
  writeArchive,
  type EditKind,
} from "../../scripts/bench/generate.ts";
import { diffVersions } from "../../scripts/diff/index.ts";
import { loadArchive } from "../../scripts/load/index.ts";

const temporary: string[] = [];
after(() => Promise.all(temporary.map((d) => rm(d, { recursive: true, force: true }))));

async function generated(articles: number, seed: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-gen-"));
  temporary.push(dir);
  await writeArchive(path.join(dir, "content"), { articles, seed });
  return path.join(dir, "content");
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  return new Map(
    await Promise.all(
      files.map(async (f) => [f, await readFile(path.join(dir, f), "utf8")] as const),
    ),
  );
}

describe("the synthetic archive", () => {
  it("is byte-for-byte the same for the same seed, and different for another seed", async () => {
    const [a, b, c] = await Promise.all([generated(60, 7), generated(60, 7), generated(60, 8)]);
    const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
    assert.equal(sa.size, 61, "sources.yaml and 60 articles");
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
  });

  it("loads without a single content problem", async () => {
    const dir = await generated(120, 3);
    const { archive, problems } = await loadArchive(dir);
    assert.deepEqual(problems, []);
    assert.equal(archive.articles.length, 120);
    assert.equal(archive.sources.length, 20);
  });

  it("has newsroom-shaped histories: many single versions, a long tail, 3.6 on average", () => {
    const counts: number[] = [];
    const kinds = new Map<EditKind, number>();
    let words = { min: Infinity, max: 0 };
    let laterVersions = 0;
    for (let i = 0; i < 2000; i++) {
      const a = generateArticle(20240501, i);
      counts.push(a.frontmatter.versions.length);
      const first = a.frontmatter.versions[0]!.body!.split(/\s+/).length;
      words = { min: Math.min(words.min, first), max: Math.max(words.max, first) };
      for (const edits of a.edits) {
        laterVersions++;
        for (const kind of new Set(edits)) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    const mean = counts.reduce((n, c) => n + c, 0) / counts.length;
    assert.ok(mean > 3.3 && mean < 3.9, `mean versions per article ${mean}`);
    const single = counts.filter((c) => c === 1).length / counts.length;
    assert.ok(single > 0.2 && single < 0.4, `share with one version ${single}`);
    assert.ok(counts.filter((c) => c >= 30).length >= 5, "some running stories with 30+ versions");
    assert.ok(
      words.min >= 400 && words.max <= 1600,
      `first bodies ${words.min}–${words.max} words`,
    );
    for (const kind of ["edit", "insert", "delete", "move"] as const) {
      assert.ok((kinds.get(kind) ?? 0) > laterVersions * 0.05, `${kind} is common enough`);
    }
    const headline = (kinds.get("headline") ?? 0) / laterVersions;
    assert.ok(headline > 0.25 && headline < 0.42, `share of new headlines ${headline}`);
  });

  it("records edits the diff engine then finds: a moved paragraph shows as moved", () => {
    let checked = 0;
    for (let i = 0; i < 400 && checked < 5; i++) {
      const a = generateArticle(20240501, i);
      a.edits.forEach((edits, k) => {
        if (edits.length !== 1 || edits[0] !== "move") return;
        const text = (v: (typeof a.frontmatter.versions)[number]) => ({
          headline: v.headline,
          paragraphs: (v.body ?? "").split("\n\n"),
        });
        const change = diffVersions(
          text(a.frontmatter.versions[k]!),
          text(a.frontmatter.versions[k + 1]!),
        );
        assert.deepEqual(
          change.blocks.filter((b) => b.kind !== "same").map((b) => b.kind),
          ["moved"],
          `${a.slug} version ${k + 2}`,
        );
        checked++;
      });
    }
    assert.ok(checked > 0, "the sample holds single-move versions");
  });

  it("appends a later, different version for the rebuild benchmark", () => {
    const article = generateArticle(20240501, 42);
    const { article: next } = appendVersion(article, 1);
    const versions = next.frontmatter.versions;
    assert.equal(versions.length, article.frontmatter.versions.length + 1);
    const [before, last] = versions.slice(-2);
    assert.ok(Date.parse(last!.captured_at) > Date.parse(before!.captured_at));
    assert.notEqual(`${last!.headline}\n${last!.body}`, `${before!.headline}\n${before!.body}`);
    assert.deepEqual(appendVersion(article, 1).article, next, "deterministic");
  });
});
