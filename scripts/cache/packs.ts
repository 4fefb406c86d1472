// Content-addressed storage shared by the caches: entries keyed by a hex hash, spread over
// 256 packs by the key's first two characters. A build reads a few hundred files rather than
// one per entry, and a small change rewrites one small pack.
//
// A pack is a header line, an index of its entries, then their values. Values are the
// caller's own serialisation (JSON: it has no raw newlines); the store never parses them, so
// a caller can keep part of a value unparsed until it is needed (see diff-cache.ts). A pack is
// read the first time one of its keys is asked for, so a build that needs few entries reads
// few packs; `peek` reads only the index and the one value asked for.
//
// Packs are replaced by rename, never written in place, so a killed build, or two builds
// sharing a cache, leave only whole packs. The header holds the index's length and CRC-32,
// and the index each value's place, length and CRC-32: an entry that was truncated or altered
// on disk is a miss, never a wrong value.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { OWN_TEMPORARY, replaceFile } from "./replace-file.ts";

const MAGIC = "diff-archive-pack/2";
const PACK_FILE = /^[0-9a-f]{2}\.pack$/;

/** The file that holds a key's pack, relative to the store's folder. */
export function packName(key: string): string {
  return `${key.slice(0, 2)}.pack`;
}

export class PackStore {
  private readonly packs = new Map<string, Map<string, string>>();
  /** Indexes of packs read for `peek` (undefined: no usable pack). */
  private readonly indexes = new Map<string, PackIndex | undefined>();
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
   * One entry, reading only the pack's index and that entry's value: for a few entries out of
   * many (the text of a handful of articles, the blocks of a feed's changes), where `get`
   * would read and decode every entry of every pack.
   */
  peek(key: string): string | undefined {
    const name = key.slice(0, 2);
    const decoded = this.packs.get(name);
    if (decoded) return decoded.get(key);
    const file = path.join(this.folder, `${name}.pack`);
    if (!this.indexes.has(name)) this.indexes.set(name, readIndex(file));
    const index = this.indexes.get(name);
    const entry = index?.entries.get(key);
    return index && entry ? readValue(file, index.valuesStart, entry) : undefined;
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
    this.indexes.clear();
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

/** Where an entry's value lies among the values, and its CRC-32 (hex). */
interface IndexEntry {
  offset: number;
  length: number;
  crc: string;
}

interface PackIndex {
  entries: Map<string, IndexEntry>;
  /** Byte offset of the first value in the file. */
  valuesStart: number;
}

/**
 * `<MAGIC> <index length> <index CRC-32>` on the first line; then the index, one
 * `<key>\t<offset>\t<length>\t<CRC-32>` line per entry in key order (offsets in bytes from
 * the first value); then the values, each followed by a line break.
 */
export function encodePack(entries: ReadonlyMap<string, string>): Buffer {
  const keys = [...entries.keys()].sort();
  const values = Buffer.from(keys.map((key) => `${entries.get(key)!}\n`).join(""), "utf8");
  let offset = 0;
  const lines = keys.map((key) => {
    const length = Buffer.byteLength(entries.get(key)!, "utf8");
    const crc = crc32(values.subarray(offset, offset + length)).toString(16);
    const line = `${key}\t${offset}\t${length}\t${crc}\n`;
    offset += length + 1;
    return line;
  });
  const index = Buffer.from(lines.join(""), "latin1");
  const header = `${MAGIC} ${index.length} ${crc32(index).toString(16)}\n`;
  return Buffer.concat([Buffer.from(header, "latin1"), index, values]);
}

/** A pack's entries, each checked; a missing or damaged pack has none, a damaged entry is left out. */
export function decodePack(bytes: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  const index = parseIndex(bytes);
  if (!index) return entries;
  for (const [key, { offset, length, crc }] of index.entries) {
    const start = index.valuesStart + offset;
    const value = bytes.subarray(start, start + length);
    if (value.length === length && crc32(value).toString(16) === crc) {
      entries.set(key, value.toString("utf8"));
    }
  }
  return entries;
}

/**
 * The index of a pack from its first bytes, if the header vouches for it; undefined when the
 * bytes end before the index does (`needed` then says how many the header asks for).
 */
function parseIndex(bytes: Buffer, needed?: { bytes: number }): PackIndex | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  const [magic, length, crc] = bytes.toString("latin1", 0, newline).split(" ");
  const indexLength = Number(length);
  if (magic !== MAGIC || !Number.isSafeInteger(indexLength) || indexLength < 0) return undefined;
  const valuesStart = newline + 1 + indexLength;
  if (bytes.length < valuesStart) {
    if (needed) needed.bytes = valuesStart;
    return undefined;
  }
  const text = bytes.subarray(newline + 1, valuesStart);
  if (crc32(text).toString(16) !== crc) return undefined;
  const entries = new Map<string, IndexEntry>();
  for (const line of text.toString("latin1").split("\n")) {
    const [key, offset, size, entryCrc] = line.split("\t");
    if (key && entryCrc)
      entries.set(key, { offset: Number(offset), length: Number(size), crc: entryCrc });
  }
  return { entries, valuesStart };
}

function readPack(file: string): Map<string, string> {
  try {
    return decodePack(readFileSync(file));
  } catch {
    // No pack yet (or unreadable): its entries are computed again and the pack rewritten.
    return new Map();
  }
}

/** Enough of a pack's beginning to hold its header and, most often, its whole index. */
const INDEX_READ = 32 * 1024;

/** A pack's index, read from its beginning only. */
function readIndex(file: string): PackIndex | undefined {
  try {
    const needed = { bytes: 0 };
    const index = parseIndex(readAt(file, 0, INDEX_READ), needed);
    return (
      index ?? (needed.bytes > INDEX_READ ? parseIndex(readAt(file, 0, needed.bytes)) : undefined)
    );
  } catch {
    return undefined;
  }
}

/** One value, if it is still what the index says (the pack may have been replaced since). */
function readValue(file: string, valuesStart: number, entry: IndexEntry): string | undefined {
  try {
    const value = readAt(file, valuesStart + entry.offset, entry.length);
    if (value.length !== entry.length || crc32(value).toString(16) !== entry.crc) return undefined;
    return value.toString("utf8");
  } catch {
    return undefined;
  }
}

/** Up to `length` bytes of a file from `position` (fewer where the file ends). */
function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, "r");
  try {
    // A damaged index may name any length: never more than the file holds.
    const wanted = Math.max(0, Math.min(length, fstatSync(fd).size - position));
    const buffer = Buffer.allocUnsafe(wanted);
    let read = 0;
    while (read < wanted) {
      const n = readSync(fd, buffer, read, wanted - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
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
