// The diff cache: a change between two versions, keyed by a hash of both versions' text,
// the language, and the diff engine's own code. History is append-only, so after the first
// build nearly every change is a cache hit; a new version costs one or two fresh diffs.
//
// Layout: <dir>/diffs/<engine hash>/<00..ff>.json, entries spread over 256 packs by key, so a
// build reads a few hundred files rather than one per change, and a new version rewrites
// one small pack. Files are replaced by rename, never written in place, so a build killed
// half-way, or two builds sharing a cache, leave only whole packs. Because keys are content
// hashes, the folder can be carried between machines by a CI cache as it is.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Block, Change, VersionText } from "../diff/types.ts";
import { hashOf } from "./hash.ts";

/** A block as stored: an unchanged paragraph's text is left out, since the newer version has it. */
type StoredBlock = Block | { same: [number, number] };
type StoredChange = Omit<Change, "blocks"> & { blocks: StoredBlock[] };

export interface CacheStats {
  hits: number;
  misses: number;
}

/** Where the packs of one engine version live. */
export function diffCacheFolder(cacheDir: string, engine: string): string {
  return path.join(cacheDir, "diffs", engine.slice(0, 16));
}

export function diffKey(from: VersionText, to: VersionText, language: string | undefined): string {
  const text = (v: VersionText) =>
    JSON.stringify([v.headline, v.byline ?? null, v.standfirst ?? null, v.paragraphs]);
  return hashOf(language ?? "", text(from), text(to));
}

/** Unchanged paragraphs are most of every change; storing them once (in the content) halves the cache. */
export function encodeChange(change: Change, to: VersionText): StoredChange {
  return {
    ...change,
    blocks: change.blocks.map((block) => {
      const only = block.segments[0];
      if (
        block.kind === "same" &&
        block.segments.length === 1 &&
        only?.op === "equal" &&
        block.old.length === 1 &&
        block.new.length === 1 &&
        !block.minor &&
        block.anchor === "" &&
        only.text === to.paragraphs[block.new[0]!]
      ) {
        return { same: [block.old[0]!, block.new[0]!] };
      }
      return block;
    }),
  };
}

export function decodeChange(stored: StoredChange, to: VersionText): Change {
  return {
    ...stored,
    blocks: stored.blocks.map((block): Block => {
      if (!("same" in block)) return block;
      const [oldIndex, newIndex] = block.same;
      return {
        kind: "same",
        old: [oldIndex],
        new: [newIndex],
        segments: [{ op: "equal", text: to.paragraphs[newIndex]! }],
        minor: false,
        anchor: "",
      };
    }),
  };
}

const packOf = (key: string) => key.slice(0, 2);

export class DiffCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private readonly dirty = new Set<string>();

  private constructor(
    readonly folder: string,
    private readonly packs: Map<string, Map<string, StoredChange>>,
  ) {}

  /** Opens (and reads) the cache for one engine version; a missing or unreadable pack is empty. */
  static async open(cacheDir: string, engine: string): Promise<DiffCache> {
    const folder = diffCacheFolder(cacheDir, engine);
    const packs = new Map<string, Map<string, StoredChange>>();
    let names: string[] = [];
    try {
      names = (await readdir(folder)).filter((n) => /^[0-9a-f]{2}\.json$/.test(n));
    } catch {
      // No cache yet.
    }
    await Promise.all(
      names.map(async (name) => {
        try {
          const entries = JSON.parse(await readFile(path.join(folder, name), "utf8")) as Record<
            string,
            StoredChange
          >;
          packs.set(name.slice(0, 2), new Map(Object.entries(entries)));
        } catch {
          // A damaged pack is only a cache miss: its changes are computed again and rewritten.
        }
      }),
    );
    return new DiffCache(folder, packs);
  }

  get(key: string, to: VersionText): Change | undefined {
    const stored = this.packs.get(packOf(key))?.get(key);
    if (stored === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return decodeChange(stored, to);
  }

  set(key: string, change: Change, to: VersionText): void {
    // A fallback can come from a time limit on a busy machine; caching it would keep the worse
    // diff for ever, so it is computed again next time instead.
    if (change.fallback) return;
    const pack = packOf(key);
    let entries = this.packs.get(pack);
    if (!entries) this.packs.set(pack, (entries = new Map()));
    entries.set(key, encodeChange(change, to));
    this.dirty.add(pack);
  }

  /** Writes the packs that gained entries, and removes packs of other engine versions. */
  async save(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await Promise.all(
      [...this.dirty].map(async (pack) => {
        const file = path.join(this.folder, `${pack}.json`);
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(Object.fromEntries(this.packs.get(pack)!)));
        await rename(temporary, file);
      }),
    );
    this.dirty.clear();
    const parent = path.dirname(this.folder);
    for (const other of await readdir(parent)) {
      if (other !== path.basename(this.folder)) {
        await rm(path.join(parent, other), { recursive: true, force: true });
      }
    }
  }
}
