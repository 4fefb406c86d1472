// Content hashes: the keys of every cache, so a cache entry is valid wherever it travels
// (another machine, a CI cache restored into a fresh checkout) as long as its inputs match.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Hex SHA-256 of the parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : part;
    hash.update(String(bytes.length));
    hash.update(":");
    hash.update(bytes);
  }
  return hash.digest("hex");
}

/**
 * A hash of the code that produces a cached result: every file under the given folders
 * (recursively, sorted by path, `.ts`/`.js`/`.json`/`.css` only) plus any extra files.
 * Changing one line of that code changes the hash, which empties the cache for it.
 */
export async function codeHash(root: string, entries: readonly string[]): Promise<string> {
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(root, entry);
    const found = await listFiles(full);
    files.push(...found);
  }
  files.sort();
  const parts: string[] = [];
  for (const file of files) {
    parts.push(path.relative(root, file).split(path.sep).join("/"));
    parts.push(await readFile(file, "utf8"));
  }
  return hashOf(...parts);
}

const CODE_FILE = /\.(ts|js|mjs|cjs|json|css)$/;

async function listFiles(target: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(target, { withFileTypes: true, recursive: true });
  } catch (error) {
    // A single file rather than a folder.
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return [target];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && CODE_FILE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}
