// The packs behind the caches: what is stored is what is read back, through `get` (a whole
// pack) or `peek` (its index and one value), and anything damaged on disk reads as a miss,
// never as another value.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { encodePack, packName, PackStore } from "../../scripts/cache/packs.ts";

const temporary: string[] = [];
after(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "packs-"));
  temporary.push(dir);
  return dir;
}

/** A key in pack "ab", as the caches' hex hashes are. */
const key = (n: number) => `ab${n.toString(16).padStart(62, "0")}`;

/** Values as the caches store them: JSON, in any script. */
const VALUES = [
  '{"headline":"Bridge approved"}',
  '{"headline":"تقنين المياه في الصيف"}',
  '{"headline":"台风逼近沿海"}',
  '{"headline":"Storm 🌀 reaches the coast"}',
];

async function storeWith(values: string[]): Promise<string> {
  const dir = await folder();
  const store = await PackStore.open(dir);
  values.forEach((value, i) => store.set(key(i), value));
  await store.save();
  return dir;
}

/** Both ways of reading one key, each from a store that has read nothing yet. */
async function readBoth(dir: string, k: string): Promise<[string | undefined, string | undefined]> {
  return [(await PackStore.open(dir)).get(k), (await PackStore.open(dir)).peek(k)];
}

describe("cache packs", () => {
  it("read back every value as stored, whole or one at a time", async () => {
    const dir = await storeWith(VALUES);
    for (const [i, value] of VALUES.entries()) {
      assert.deepEqual(await readBoth(dir, key(i)), [value, value]);
    }
    assert.deepEqual(await readBoth(dir, key(99)), [undefined, undefined]);
  });

  it("read a value one at a time when the pack's index is longer than its first read", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `{"n":${i}}`);
    const dir = await storeWith(many);
    const text = await readFile(path.join(dir, packName(key(0))), "latin1");
    assert.ok(text.indexOf(many[0]!) > 64 * 1024, "the index alone is over 64 KB");
    const store = await PackStore.open(dir);
    assert.equal(store.peek(key(1999)), many[1999]);
    assert.equal(store.peek(key(0)), many[0]);
  });

  it("treat an altered value as a miss, and still read the pack's other values", async () => {
    const dir = await storeWith(VALUES);
    const file = path.join(dir, packName(key(0)));
    const text = await readFile(file, "utf8");
    // Still valid JSON of the same length: only the value's checksum can tell.
    await writeFile(file, text.replace("Bridge approved", "Bridge rejected"));
    assert.deepEqual(await readBoth(dir, key(0)), [undefined, undefined]);
    assert.deepEqual(await readBoth(dir, key(1)), [VALUES[1], VALUES[1]]);
  });

  it("treat a truncated pack's lost values as misses", async () => {
    const dir = await storeWith(VALUES);
    const file = path.join(dir, packName(key(0)));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 10));
    assert.deepEqual(await readBoth(dir, key(3)), [undefined, undefined]);
    assert.deepEqual(await readBoth(dir, key(0)), [VALUES[0], VALUES[0]]);
  });

  it("treat a pack with an altered index, or of another format, as empty", async () => {
    const dir = await storeWith(VALUES);
    const file = path.join(dir, packName(key(0)));
    const text = await readFile(file, "latin1");
    // The index gives the second value the first one's place: right length, wrong value.
    const lines = text.split("\n");
    const [first, second] = [lines[1]!.split("\t"), lines[2]!.split("\t")];
    lines[2] = [second[0], first[1], second[2], second[3]].join("\t");
    await writeFile(file, lines.join("\n"), "latin1");
    assert.deepEqual(await readBoth(dir, key(1)), [undefined, undefined]);
    await writeFile(file, `diff-archive-pack/1 10 0\n${key(0)}\t{"a":1}\n`);
    assert.deepEqual(await readBoth(dir, key(0)), [undefined, undefined]);
    // A header claiming a terabyte of index: read as what it is, a damaged pack.
    await writeFile(file, `diff-archive-pack/2 1000000000000 0\n${key(0)}\t0\t7\t0\n`);
    assert.deepEqual(await readBoth(dir, key(0)), [undefined, undefined]);
  });

  it("never return another value when a pack is replaced after its index was read", async () => {
    const dir = await storeWith(VALUES);
    const store = await PackStore.open(dir);
    assert.equal(store.peek(key(0)), VALUES[0]); // the index is now known
    // Another build sharing the cache replaces the pack: other values, other places.
    const replaced = new Map(VALUES.map((_, i) => [key(i), `{"other":${"x".repeat(i * 7)}}`]));
    await writeFile(path.join(dir, packName(key(0))), encodePack(replaced));
    for (const i of [1, 2, 3]) {
      const value = store.peek(key(i));
      assert.ok(value === undefined || value === replaced.get(key(i)), `key ${i}: ${value}`);
    }
  });
});
