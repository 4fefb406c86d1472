// Content hashes: the keys of every cache, so a cache entry is valid wherever it travels
// (another machine, a CI cache restored into a fresh checkout) as long as its inputs match.
import { createHash, hash as hashOnce } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { VersionText } from "../diff/types.ts";

/** Hex SHA-256 of the parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  // Most keys are a few short strings: one call without a Hash object is faster (40,000 keys
  // of ~150 characters: 42 ms against 168 once warm, 250 against 301 cold), same digest.
  if (parts.every((part) => typeof part === "string" && part.length < LARGE)) {
    let text = "";
    for (const part of parts) {
      text += `${Buffer.byteLength(part, "utf8")}:${part}`;
      if (text.length > JOINED) return hashInSteps(parts);
    }
    return hashOnce("sha256", text, "hex");
  }
  return hashInSteps(parts);
}

/**
 * Small text parts are joined and hashed in one call, up to this many characters: 2–5 times
 * faster than one call per part for the many small parts of the build's fingerprints.
 */
const JOINED = 64 * 1024;
/**
 * A text part this long is hashed on its own: joining it to the others copies it first. A
 * search bundle's key (1,489 records, 4.6 MB) took 80–120 ms joined, 5–11 ms this way.
 */
const LARGE = 1024;

function hashInSteps(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  let text = "";
  for (const part of parts) {
    if (typeof part === "string" && part.length < LARGE) {
      text += `${Buffer.byteLength(part, "utf8")}:${part}`;
      if (text.length <= JOINED) continue;
      hash.update(text, "utf8");
      text = "";
    } else {
      const length = typeof part === "string" ? Buffer.byteLength(part, "utf8") : part.length;
      hash.update(`${text}${length}:`, "utf8");
      text = "";
      hash.update(part);
    }
  }
  hash.update(text, "utf8");
  return hash.digest("hex");
}

/**
 * A hash of the code that produces a cached result: every file under the given folders
 * (recursively, sorted by path, `.ts`/`.js`/`.json`/`.css` only) plus any extra files.
 * Changing one line of that code changes the hash, which empties the cache for it.
 *
 * Files are read synchronously: a few dozen small files take about a millisecond, while
 * through promises each read queued behind the search indexing an incremental build starts
 * first (a one-version rebuild's main thread sat idle for about 0.3 s).
 */
export async function codeHash(root: string, entries: readonly string[]): Promise<string> {
  const files: string[] = [];
  for (const entry of entries) files.push(...listFiles(path.join(root, entry)));
  files.sort();
  const parts: string[] = [];
  for (const file of files) {
    parts.push(path.relative(root, file).split(path.sep).join("/"));
    parts.push(readFileSync(file, "utf8"));
  }
  return hashOf(...parts);
}

const CODE_FILE = /\.(ts|js|mjs|cjs|json|css)$/;

function listFiles(target: string): string[] {
  let entries;
  try {
    entries = readdirSync(target, { withFileTypes: true, recursive: true });
  } catch (error) {
    // A single file rather than a folder.
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return [target];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && CODE_FILE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The files a module runs: it and every module it imports by a relative path, transitively.
 * A cache of what one function computes is keyed by exactly this code, so that editing an
 * unrelated module next to it (how files are read, how errors are printed) keeps the cache.
 */
export async function moduleClosure(root: string, entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    let code: string;
    try {
      code = readFileSync(path.join(root, file), "utf8");
    } catch {
      // A path in a comment that looked like an import: nothing runs from it.
      return;
    }
    for (const match of code.matchAll(IMPORT_FROM)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!)));
    }
  };
  visit(entry);
  return [...seen].sort();
}

/** `import … from "./x.ts"`, `export … from "../y.ts"`, `import "./z.ts"`: relative imports. */
const IMPORT_FROM = /^\s*(?:import|export)\b[^;]*?["'](\.{1,2}\/[^"']+)["']/gms;

const versionHashes = new WeakMap<VersionText, string>();

/**
 * A hash of the text the diff looks at in one version: every change that involves the version
 * is keyed by it. Remembered per version object, so a version in several pairs is hashed once.
 */
export function versionHash(version: VersionText): string {
  let hash = versionHashes.get(version);
  if (hash === undefined) {
    hash = hashOf(
      JSON.stringify([
        version.headline,
        version.byline ?? null,
        version.standfirst ?? null,
        version.paragraphs,
      ]),
    );
    versionHashes.set(version, hash);
  }
  return hash;
}

/**
 * Records a version's hash computed earlier (the article cache keeps each version's hash with
 * the parsed article, so a warm build hashes no text at all).
 */
export function rememberVersionHash(version: VersionText, hash: string): void {
  versionHashes.set(version, hash);
}
