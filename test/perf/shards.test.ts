// Writing article pages in worker-thread batches must give the same files, byte for byte,
// as writing them all on the main thread.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { writeArchive } from "../../scripts/bench/generate.ts";
import { prepareSite, setPreparedSite } from "../../scripts/build/prepare.ts";
import { renderSite } from "../../scripts/build/shards.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
let work = "";
after(() => rm(work, { recursive: true, force: true }));

describe("writing article pages in worker threads", () => {
  it("writes exactly the files one Eleventy run writes", async () => {
    work = await mkdtemp(path.join(tmpdir(), "shards-"));
    const content = path.join(work, "content");
    await writeArchive(content, { articles: 30, seed: 5, sources: 4 });
    const site = await prepareSite({
      contentDir: content,
      config: readSiteConfig({ SITE_URL: "https://archive.example.net/news/" }),
    });
    setPreparedSite(site);
    try {
      const single = path.join(work, "single");
      const sharded = path.join(work, "sharded");
      const one = await renderSite({ root: ROOT, staging: single, site, workers: 1 });
      const many = await renderSite({
        root: ROOT,
        staging: sharded,
        site,
        workers: 2,
        minShardedArticles: 1,
        batchArticles: 7,
      });
      assert.equal(many.count, one.count, "the same number of files reported");
      assert.deepEqual(many.files, one.files, "the same article files, in the same order");
      assert.deepEqual(many.problems, []);
      const [a, b] = [await tree(single), await tree(sharded)];
      assert.deepEqual([...b.keys()], [...a.keys()]);
      const different = [...a].filter(([f, bytes]) => !b.get(f)!.equals(bytes)).map(([f]) => f);
      assert.deepEqual(different, []);

      // Workers whose heap limit is far too small for their batches run out of memory; the
      // batches are written again without a limit, and the site is the same.
      const starved = path.join(work, "starved");
      const retried = await renderSite({
        root: ROOT,
        staging: starved,
        site,
        workers: 2,
        minShardedArticles: 1,
        batchArticles: 15,
        workerHeapMb: 4,
      });
      assert.deepEqual(retried.files, one.files);
      const c = await tree(starved);
      assert.deepEqual([...c.keys()], [...a.keys()]);
      assert.deepEqual(
        [...a].filter(([f, bytes]) => !c.get(f)!.equals(bytes)).map(([f]) => f),
        [],
      );
    } finally {
      setPreparedSite(undefined);
    }
  });
});
