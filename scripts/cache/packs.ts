// Content-addressed storage shared by the caches: entries keyed by a hex hash, spread over
// 256 packs by the key's first two characters. A build reads a few hundred files rather than
// one per entry, and a small change rewrites one small pack.
//
// A pack is text: a header line, then one `<key>\t<value>` line per entry. Values are the
// caller's own serialisation (JSON: it has no raw newlines); the store never parses them, so
// a caller can keep part of a value unparsed until it is needed (see diff-cache.ts). A pack is
// read the first time one of its keys is asked for, so a build that needs few entries reads
// few packs.
//
// Packs are replaced by rename, never written in place, so a killed build, or two builds
// sharing a cache, leave only whole packs. The header holds the body's length and CRC-32: a
// pack that was truncated or altered on disk is a set of misses, never a wrong value.
import { readdirSync, readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { OWN_TEMPORARY, replaceFile } from "./replace-file.ts";

const MAGIC = "diff-archive-pack/1";
const PACK_FILE = /^[0-9a-f]{2}\.pack$/;

/** The file that holds a key's pack, relative to the store's folder. */
export function packName(key: string): string {
  return `${key.slice(0, 2)}.pack`;
}

export class PackStore {
  private readonly packs = new Map<string, Map<string, string>>();
  /** Packs read for `peek`: checked, but only the entries asked for are decoded. */
  private readonly bodies = new Map<string, Buffer>();
  private readonly dirty = new Set<string>();

  private constructor(readonly folder: string) {}

  /** Opens a store; nothing is read until a key is asked for. */
  static async open(folder: string): Promise<PackStore> {
    return new PackStore(folder);
  }

  get(key: string): string | undefined {
    return this.pack(key.slice(0, 2)).get(key);
  }

  /**
   * One entry, decoding only its own line of the pack: for a few entries out of many (the
   * text of a handful of articles), where `get` would decode every entry of every pack.
   */
  peek(key: string): string | undefined {
    const name = key.slice(0, 2);
    const decoded = this.packs.get(name);
    if (decoded) return decoded.get(key);
    let body = this.bodies.get(name);
    if (!body) {
      body = readBody(path.join(this.folder, `${name}.pack`)) ?? Buffer.alloc(0);
      this.bodies.set(name, body);
    }
    // A line is `<key>\t<value>`; the key's line is the one where `<key>\t` starts a line.
    const needle = `${key}\t`;
    let start = body.indexOf(needle, 0, "latin1");
    while (start > 0 && body[start - 1] !== 0x0a) start = body.indexOf(needle, start + 1, "latin1");
    if (start < 0) return undefined;
    const end = body.indexOf(0x0a, start);
    return body.toString("utf8", start + key.length + 1, end < 0 ? body.length : end);
  }

  set(key: string, value: string): void {
    if (value.includes("\n")) throw new Error(`A cache value for ${key} holds a line break.`);
    const pack = key.slice(0, 2);
    this.pack(pack).set(key, value);
    this.dirty.add(pack);
  }

  private pack(name: string): Map<string, string> {
    let entries = this.packs.get(name);
    if (!entries)
      this.packs.set(name, (entries = readPack(path.join(this.folder, `${name}.pack`))));
    return entries;
  }

  /**
   * Forgets the packs read so far (after `save`): their text can be as large as the archive,
   * and a later `get` reads the pack again.
   */
  release(): void {
    for (const pack of this.packs.keys()) if (!this.dirty.has(pack)) this.packs.delete(pack);
    this.bodies.clear();
  }

  /**
   * Writes the packs that gained entries. With `prune`, removes sibling folders (older code
   * versions) and anything in this folder that is not a pack (an older format, stale temporaries).
   */
  async save(prune = false): Promise<void> {
    await Promise.all(
      [...this.dirty].map((pack) =>
        replaceFile(path.join(this.folder, `${pack}.pack`), encodePack(this.packs.get(pack)!)),
      ),
    );
    this.dirty.clear();
    if (!prune) return;
    const parent = path.dirname(this.folder);
    const siblings = await readdir(parent).catch(() => [] as string[]);
    for (const other of siblings) {
      if (other !== path.basename(this.folder)) {
        await rm(path.join(parent, other), { recursive: true, force: true });
      }
    }
    const own = await readdir(this.folder).catch(() => [] as string[]);
    for (const name of own) {
      // Another build's temporary may be about to be renamed; only this process's own are stale.
      const stale = name.endsWith(".tmp") ? name.endsWith(OWN_TEMPORARY) : !PACK_FILE.test(name);
      if (stale && name !== INDEX_FILE) await rm(path.join(this.folder, name), { force: true });
    }
  }
}

/** A file a caller may keep next to the packs (see article-cache.ts); pruning leaves it. */
export const INDEX_FILE = "index.json";

export function encodePack(entries: ReadonlyMap<string, string>): Buffer {
  const keys = [...entries.keys()].sort();
  const body = Buffer.from(keys.map((key) => `${key}\t${entries.get(key)!}\n`).join(""), "utf8");
  const header = `${MAGIC} ${body.length} ${crc32(body).toString(16)}\n`;
  return Buffer.concat([Buffer.from(header, "latin1"), body]);
}

/** A pack's entries; a missing, truncated or altered pack has none. */
export function decodePack(bytes: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  const body = checkedBody(bytes);
  if (!body) return entries;
  for (const line of body.toString("utf8").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) entries.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return entries;
}

/** The lines of a pack after its header, if the header vouches for them. */
function checkedBody(bytes: Buffer): Buffer | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  const [magic, length, crc] = bytes.toString("latin1", 0, newline).split(" ");
  const body = bytes.subarray(newline + 1);
  if (magic !== MAGIC || Number(length) !== body.length || crc32(body).toString(16) !== crc) {
    return undefined;
  }
  return body;
}

function readPack(file: string): Map<string, string> {
  try {
    return decodePack(readFileSync(file));
  } catch {
    // No pack yet (or unreadable): its entries are computed again and the pack rewritten.
    return new Map();
  }
}

function readBody(file: string): Buffer | undefined {
  try {
    return checkedBody(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Names of the packs a folder holds (for tests and tools). */
export function listPacks(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => PACK_FILE.test(name));
  } catch {
    return [];
  }
}
