// writeFileAtomic: a file is replaced whole or not at all, and leaves nothing behind.
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { temporaryNameFor, writeFileAtomic } from "../../scripts/files/atomic.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "atomic-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("writes text, bytes and parts, replacing the old content, with no file left beside it", async () => {
  const file = path.join(dir, "article.md");
  await writeFileAtomic(file, "first Straße\n");
  assert.equal(await readFile(file, "utf8"), "first Straße\n");
  await writeFileAtomic(file, new TextEncoder().encode("second"), { fsync: true });
  assert.equal(await readFile(file, "utf8"), "second");
  await writeFileAtomic(file, [new TextEncoder().encode("thi"), new TextEncoder().encode("rd")]);
  assert.equal(await readFile(file, "utf8"), "third");
  assert.deepEqual(await readdir(dir), ["article.md"]);
});

test("temporary names are in the same folder, hidden, and differ per call and per process", () => {
  const a = temporaryNameFor("/archive/content/wire/story.md");
  const b = temporaryNameFor("/archive/content/wire/story.md");
  assert.notEqual(a, b);
  for (const name of [a, b]) {
    assert.equal(path.dirname(name), "/archive/content/wire");
    assert.match(path.basename(name), new RegExp(`^\\.story\\.md\\..+\\.${process.pid}\\.tmp$`));
  }
});

test("a failed write throws, leaves the old file as it was and no temporary file", async () => {
  const sub = path.join(dir, "failing");
  await mkdir(sub);
  const file = path.join(sub, "article.md");
  await writeFile(file, "old");
  // A part that is not bytes fails half-way through writing the temporary file.
  await assert.rejects(
    writeFileAtomic(file, [new TextEncoder().encode("new "), 42 as unknown as Uint8Array]),
  );
  assert.equal(await readFile(file, "utf8"), "old");
  assert.deepEqual(await readdir(sub), ["article.md"]);
  // Renaming over a folder fails after the temporary file was written: it goes too.
  const folder = path.join(sub, "a-folder");
  await mkdir(path.join(folder, "inside"), { recursive: true });
  await assert.rejects(writeFileAtomic(folder, "text"));
  assert.deepEqual((await readdir(sub)).sort(), ["a-folder", "article.md"]);
  // A folder that cannot be written to: nothing is created.
  if (process.getuid?.() !== 0) {
    await chmod(sub, 0o555);
    try {
      await assert.rejects(writeFileAtomic(file, "new"), { code: "EACCES" });
    } finally {
      await chmod(sub, 0o755);
    }
    assert.equal(await readFile(file, "utf8"), "old");
    assert.deepEqual((await readdir(sub)).sort(), ["a-folder", "article.md"]);
  }
});

test("concurrent writes to one path do not collide: each lands whole, the last rename wins", async () => {
  const file = path.join(dir, "sources.yaml");
  const contents = Array.from({ length: 50 }, (_, i) => `version ${i}\n`.repeat(2000 + i));
  await Promise.all(contents.map((text) => writeFileAtomic(file, text)));
  assert.ok(contents.includes(await readFile(file, "utf8")), "one of the writes, whole");
  assert.deepEqual(
    (await readdir(dir)).filter((name) => name.includes("sources")),
    ["sources.yaml"],
  );
});
