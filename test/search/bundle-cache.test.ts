// The search-bundle cache: a source whose records have not changed gets its bundle copied from
// the cache instead of indexed again, byte for byte what Pagefind would write; anything else
// (other records, another Pagefind, a damaged entry) is indexed.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { bundleKey, pagefindVersion, pruneBundles } from "../../scripts/cache/search-bundles.ts";
import {
  indexShards,
  searchRecordsOf,
  searchShards,
  type SearchRecord,
  type ShardWork,
  writeSearchIndex,
} from "../../scripts/search/index.ts";
import type { SiteModel } from "../../scripts/site/model.ts";
import { buildFixture, ROOT } from "../support/build.ts";
import { assertSameSite, tree } from "../support/tree.ts";

let model: SiteModel;
let work: string;

before(async () => {
  model = (await buildFixture(path.join(ROOT, "test/fixtures/site"))).result.site.model;
  work = await mkdtemp(path.join(tmpdir(), "bundle-cache-"));
});

/** The model's shards as the build indexes them; `edit` may change one source's records. */
function shardsOf(edit?: { source: string; records: (r: SearchRecord[]) => SearchRecord[] }) {
  return searchShards(model).map((shard): ShardWork => ({
    key: shard.key,
    lang: shard.lang,
    path: shard.path,
    size: shard.entries.length,
    records: () =>
      shard.entries.map((entry) => {
        const own = searchRecordsOf(entry);
        return [entry.id, edit?.source === shard.key ? edit.records(own) : own];
      }),
  }));
}

/** Cache entries ("<source>.<key>") and anything else in the bundle cache's folder. */
const entries = async (cache: string) => (await readdir(path.join(cache, "search-bundles"))).sort();

const reworded = (records: SearchRecord[]) =>
  records.map((r, i) =>
    i === 0 ? { ...r, html: r.html.replace("</main>", "<p>Corrected later.</p></main>") } : r,
  );

describe("search bundle cache", () => {
  it("copies the bundles of unchanged records, identical to indexing them again", async () => {
    const cache = path.join(work, "cache-unchanged");
    const bundles = { dir: cache, store: true };
    const first = path.join(work, "first");
    const again = path.join(work, "again");
    const plain = path.join(work, "plain");

    const indexed = await indexShards(first, shardsOf(), { bundles });
    assert.equal(indexed.cached, 0, "nothing is cached before the first build");
    assert.equal(indexed.shards, 3);
    const copied = await indexShards(again, shardsOf(), { bundles });
    assert.equal(copied.cached, 3);
    assert.equal(copied.records, indexed.records);
    await indexShards(plain, shardsOf());

    const expected = await tree(path.join(plain, "pagefind"));
    assert.ok(expected.size > 10);
    assertSameSite(await tree(path.join(first, "pagefind")), expected);
    assertSameSite(await tree(path.join(again, "pagefind")), expected);
  });

  it("indexes a source whose records changed, and keeps only its newest bundle", async () => {
    const cache = path.join(work, "cache-changed");
    const bundles = { dir: cache, store: true };
    await indexShards(path.join(work, "before"), shardsOf(), { bundles });
    const ridgeBefore = (await entries(cache)).find((name) => name.startsWith("ridge."));

    const edit = { source: "ridge", records: reworded };
    const after = path.join(work, "after");
    const result = await indexShards(after, shardsOf(edit), { bundles });
    assert.equal(result.cached, 2, "quay and listok are copied, ridge is indexed");

    const reference = path.join(work, "after-reference");
    await indexShards(reference, shardsOf(edit));
    assertSameSite(
      await tree(path.join(after, "pagefind")),
      await tree(path.join(reference, "pagefind")),
    );
    const names = await entries(cache);
    assert.deepEqual(
      names.map((n) => n.slice(0, n.indexOf("."))),
      ["listok", "quay", "ridge"],
      "one entry per source",
    );
    assert.ok(!names.includes(ridgeBefore!), "ridge's older bundle is gone");
  });

  it("indexes again when a cached bundle is damaged", async () => {
    const cache = path.join(work, "cache-damaged");
    const bundles = { dir: cache, store: true };
    await indexShards(path.join(work, "whole"), shardsOf(), { bundles });
    const quay = (await entries(cache)).find((name) => name.startsWith("quay."))!;
    const fragments = path.join(cache, "search-bundles", quay, "fragment");
    await rm(path.join(fragments, (await readdir(fragments))[0]!));

    const out = path.join(work, "after-damage");
    const result = await indexShards(out, shardsOf(), { bundles });
    assert.equal(result.cached, 2, "the damaged quay bundle is indexed, the others copied");
    const plain = path.join(work, "plain-damage");
    await indexShards(plain, shardsOf());
    assertSameSite(
      await tree(path.join(out, "pagefind")),
      await tree(path.join(plain, "pagefind")),
    );
  });

  it("only looks bundles up when told not to store them", async () => {
    const cache = path.join(work, "cache-lookup");
    await indexShards(path.join(work, "lookup"), shardsOf(), {
      bundles: { dir: cache, store: false },
    });
    assert.deepEqual(await readdir(cache).catch(() => []), []);
  });

  it("indexes the records kept for an article as they are, making only the others", async () => {
    const cache = path.join(work, "cache-kept");
    const shard = searchShards(model).find((s) => s.key === "ridge")!;
    const [first, second] = shard.entries;
    const kept = reworded(searchRecordsOf(first!));
    const asked: string[] = [];
    const result = await writeSearchIndex(path.join(work, "kept"), model, {
      shards: new Set(["ridge"]),
      bundles: { dir: cache, store: true },
      kept: async (source) => {
        asked.push(source);
        return new Map([[first!.id, kept]]);
      },
    });
    assert.deepEqual(asked, ["ridge"]);
    assert.equal(result.records, kept.length + searchRecordsOf(second!).length);
    // The bundle stored is the one of exactly these records.
    const key = bundleKey([...kept, ...searchRecordsOf(second!)], {
      version: pagefindVersion(),
      options: {},
    });
    assert.deepEqual(await entries(cache), [`ridge.${key}`]);
  });

  it("keys a bundle by everything Pagefind is given, in order", () => {
    const records: SearchRecord[] = [
      { url: "/a/", lang: "en", html: "<html><main data-pagefind-body>one</main></html>" },
      { url: "/b/", lang: "en", html: "<html><main data-pagefind-body>two</main></html>" },
    ];
    const pagefind = { version: "1.6.0", options: {} };
    const key = bundleKey(records, pagefind);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(
      bundleKey(
        records.map((r) => ({ ...r })),
        pagefind,
      ),
      key,
    );
    const others = [
      bundleKey(records, { version: "1.6.1", options: {} }),
      bundleKey(records, { version: "1.6.0", options: { forceLanguage: "en" } }),
      bundleKey([...records].reverse(), pagefind),
      bundleKey([{ ...records[0]!, url: "/a/#p2" }, records[1]!], pagefind),
      bundleKey(
        [records[0]!, { ...records[1]!, html: records[1]!.html.replace("two", "2") }],
        pagefind,
      ),
      bundleKey(records.slice(1), pagefind),
    ];
    for (const other of others) assert.notEqual(other, key);
    assert.equal(new Set(others).size, others.length);
  });

  it("prunes the bundles of sources gone and the folders a killed build left", async () => {
    const cache = path.join(work, "cache-prune");
    await indexShards(path.join(work, "prune"), shardsOf(), {
      bundles: { dir: cache, store: true },
    });
    const folder = path.join(cache, "search-bundles");
    // A build killed while storing (no process has this id), and one still storing.
    const dead = `quay.${"0".repeat(64)}.999999999.tmp`;
    const alive = `quay.${"1".repeat(64)}.${process.ppid}.tmp`;
    for (const name of [dead, alive]) await mkdir(path.join(folder, name));
    await writeFile(path.join(folder, "notes.txt"), "not an entry");

    await pruneBundles(cache, new Set(["quay", "listok"]));

    const left = await entries(cache);
    assert.deepEqual(left.map((n) => n.replace(/\.[0-9a-f]{64}/, ".<key>")).sort(), [
      "listok.<key>",
      "quay.<key>",
      `quay.<key>.${process.ppid}.tmp`,
    ]);
    const listok = left.find((n) => n.startsWith("listok."))!;
    assert.ok((await stat(path.join(folder, listok, "bundle.json"))).isFile());
  });
});
