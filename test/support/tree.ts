// A built site as files and bytes, to compare two builds of the same content.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Every file of a folder with its bytes, site-relative. */
export async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f))] as const)),
  );
}

export function assertSameSite(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], "the same files");
  const different = [...expected].filter(([f, bytes]) => !actual.get(f)!.equals(bytes));
  assert.deepEqual(
    different.map(([f]) => f),
    [],
    "every file byte-identical",
  );
}
