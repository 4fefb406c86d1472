// Builds split across machines: shards built apart and merged give the very site one machine
// builds, byte for byte.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { writeArchive } from "../../scripts/bench/generate.ts";
import { buildSite } from "../../scripts/build/pipeline.ts";
import {
  assignShards,
  buildShard,
  mergeShards,
  parseShard,
  ShardError,
} from "../../scripts/build/shards.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { assertSameSite, tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CORPUS = path.join(ROOT, "../shared/corpus/ota-terms.jsonl.xz");

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "shards-"));
});
after(() => rm(work, { recursive: true, force: true }));

/** One machine's build of `content`, then the same as `count` shards and a merge; compared. */
async function assertMergedIsOneMachine(content: string, count: number, env: NodeJS.ProcessEnv) {
  const config = readSiteConfig(env);
  const name = path.basename(content);
  const one = path.join(work, `${name}-one`);
  await buildSite({ root: ROOT, contentDir: content, outDir: one, config });
  const dirs: string[] = [];
  for (let index = 1; index <= count; index++) {
    const dir = path.join(work, `${name}-shard-${index}`);
    await buildShard({
      root: ROOT,
      contentDir: content,
      outDir: dir,
      config,
      cacheDir: path.join(work, `${name}-cache-${index}`),
      shard: { index, count },
    });
    dirs.push(dir);
  }
  const merged = path.join(work, `${name}-merged`);
  await mergeShards({ root: ROOT, shardDirs: dirs, outDir: merged, config });
  assertSameSite(await tree(merged), await tree(one));
}

describe("a build split into shards and merged", () => {
  it("is byte for byte the one-machine build of the sample archive", async () => {
    await assertMergedIsOneMachine(path.join(ROOT, "content"), 2, {
      SITE_URL: "https://example.org/archive/",
    });
  });

  it("is byte for byte the one-machine build when sources are split between shards", async () => {
    const content = path.join(work, "generated");
    await writeArchive(content, { articles: 40, seed: 5, sources: 2 });
    // Bundles of at most 6 articles: each source spreads over four parts, and a source larger
    // than a shard's share is split along them.
    await assertMergedIsOneMachine(content, 3, {
      SITE_URL: "https://example.org/",
      SEARCH_BUNDLE_ARTICLES: "6",
    });
  });

  it(
    "is byte for byte the one-machine build of an archive imported from real documents",
    { skip: !existsSync(CORPUS) && `no corpus at ${CORPUS}` },
    async () => {
      const content = path.join(work, "imported");
      const lines = execFileSync("xz", ["-dc", CORPUS], { maxBuffer: 1 << 30 })
        .toString("utf8")
        .split("\n")
        .filter(Boolean);
      // The first twelve documents, every version of each.
      const urls = [...new Set(lines.map((l) => (JSON.parse(l) as { url: string }).url))].slice(
        0,
        12,
      );
      const wanted = new Set(urls);
      const input = lines
        .filter((l) => wanted.has((JSON.parse(l) as { url: string }).url))
        .join("\n");
      // A few real captures are empty and refused (exit 1); the rest are imported.
      const imported = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/import.ts", "--content", content, "-"],
        { cwd: ROOT, input, encoding: "utf8" },
      );
      assert.match(imported.stdout, /12 created an article/, imported.stderr);
      await assertMergedIsOneMachine(content, 2, { SITE_URL: "https://example.org/" });
    },
  );

  it("refuses a merge that lacks a shard, naming it", async () => {
    const content = path.join(ROOT, "content");
    const config = readSiteConfig({ SITE_URL: "https://example.org/" });
    const dir = path.join(work, "lonely");
    await buildShard({
      root: ROOT,
      contentDir: content,
      outDir: dir,
      config,
      shard: { index: 1, count: 2 },
    });
    await assert.rejects(
      mergeShards({ root: ROOT, shardDirs: [dir], outDir: path.join(work, "never"), config }),
      (error: unknown) => error instanceof ShardError && /shard 2 is missing/.test(error.message),
    );
    assert.ok(!existsSync(path.join(work, "never")));
  });
});

describe("the assignment of sources to shards", () => {
  const config = readSiteConfig({});
  const sizes = new Map<string, number>();
  for (const [source, count, size] of [
    ["big", 8, 100],
    ["mid", 4, 100],
    ["small", 2, 100],
    ["tiny", 1, 50],
  ] as const) {
    for (let i = 0; i < count; i++) sizes.set(`${source}/a-${i}.md`, size);
  }

  it("keeps sources whole, balances by size, and depends on the content alone", () => {
    const two = assignShards(sizes, 2, config);
    assert.deepEqual(Object.fromEntries(two), { big: 1, mid: 2, small: 2, tiny: 2 });
    assert.deepEqual(assignShards(new Map([...sizes].reverse()), 2, config), two);
  });

  it("splits a source larger than a shard's share along its search parts", () => {
    const small = readSiteConfig({ SEARCH_BUNDLE_ARTICLES: "2" });
    const four = assignShards(sizes, 4, small);
    const parts = [...four.keys()].filter((k) => k.startsWith("big--"));
    assert.ok(parts.length > 1, [...four.keys()].join(", "));
    assert.ok(new Set(parts.map((p) => four.get(p))).size > 1, "its parts go to different shards");
  });

  it("reads K/N and refuses anything else", () => {
    assert.deepEqual(parseShard("3/8"), { index: 3, count: 8 });
    for (const wrong of ["0/2", "3/2", "2", "a/b", "1/0"]) {
      assert.throws(() => parseShard(wrong), ShardError, wrong);
    }
  });
});
