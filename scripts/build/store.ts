// The one store: content-addressed entries that later builds take instead of doing the work
// again. An entry is named by a key that hashes everything it was made from (an article's file,
// its source's description, the site's settings and the code), so it is valid wherever it
// travels: another machine, a CI cache restored into a fresh checkout. Entries are never
// updated, only written whole (one atomic write) or pruned.
//
// On disk, one file per entry under <dir>/<kind>/<key[0..2]>/<key>:
//   line 1  "diff-archive-store 1"
//   line 2  a JSON header: kind, key, the byte length and CRC-32 of the data, and of each blob
//   then    the data (JSON), then each blob's bytes
// Reading checks all of it: an entry that is truncated, damaged, of another kind or key, or
// whose data does not match the kind's schema is a miss, never a crash or a wrong page.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { z } from "zod";
import { writeFileAtomicSync as writeFileAtomic } from "../files/atomic.ts";

const MAGIC = "diff-archive-store 1\n";

const Header = z.strictObject({
  kind: z.string(),
  key: z.string(),
  data: z.strictObject({ length: z.number().int().min(0), crc: z.number().int() }),
  blobs: z.array(z.strictObject({ length: z.number().int().min(0), crc: z.number().int() })),
});

/** One kind of entry: its folder and the schema its data must match when read. */
export interface StoreKind<T> {
  name: string;
  schema: z.ZodType<T>;
}

export interface StoreEntry<T> {
  data: T;
  blobs: Buffer[];
}

export class Store {
  constructor(readonly dir: string) {}

  private file(kind: StoreKind<unknown>, key: string): string {
    if (!/^[0-9a-f]{16,}$/.test(key)) throw new Error(`Not a store key: ${JSON.stringify(key)}`);
    return path.join(this.dir, kind.name, key.slice(0, 2), key);
  }

  has(kind: StoreKind<unknown>, key: string): boolean {
    try {
      return statSync(this.file(kind, key)).isFile();
    } catch {
      return false;
    }
  }

  /** The entry's data and blobs, or undefined when it is missing or cannot be trusted. */
  read<T>(kind: StoreKind<T>, key: string): StoreEntry<T> | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file(kind, key));
    } catch {
      return undefined;
    }
    const opened = open(bytes, kind, key);
    if (!opened) return undefined;
    const blobs: Buffer[] = [];
    let at = opened.dataEnd;
    for (const blob of opened.header.blobs) {
      const part = bytes.subarray(at, at + blob.length);
      if (part.length !== blob.length || crc32(part) !== blob.crc) return undefined;
      blobs.push(part);
      at += blob.length;
    }
    if (at !== bytes.length) return undefined;
    const data = parseData(kind, bytes.subarray(opened.dataStart, opened.dataEnd));
    return data === undefined ? undefined : { data: data.value, blobs };
  }

  /** Only the entry's data, without reading its blobs (an article's summary and records). */
  readData<T>(kind: StoreKind<T>, key: string): T | undefined {
    let fd: number;
    try {
      fd = openSync(this.file(kind, key), "r");
    } catch {
      return undefined;
    }
    try {
      const head = Buffer.alloc(HEAD_READ);
      const got = readSync(fd, head, 0, HEAD_READ, 0);
      const opened = open(head.subarray(0, got), kind, key, true);
      if (!opened) return undefined;
      const { length } = opened.header.data;
      const data = Buffer.alloc(length);
      if (readSync(fd, data, 0, length, opened.dataStart) !== length) return undefined;
      if (crc32(data) !== opened.header.data.crc) return undefined;
      return parseData(kind, data)?.value;
    } finally {
      closeSync(fd);
    }
  }

  /** Writes an entry whole, atomically (a reader sees the old entry, the new one or none). */
  write<T>(kind: StoreKind<T>, key: string, data: T, blobs: readonly Uint8Array[] = []): void {
    const json = Buffer.from(JSON.stringify(data), "utf8");
    const header = {
      kind: kind.name,
      key,
      data: { length: json.length, crc: crc32(json) },
      blobs: blobs.map((b) => ({ length: b.length, crc: crc32(b) })),
    };
    const file = this.file(kind, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, [
      Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, "utf8"),
      json,
      ...blobs,
    ]);
  }

  /** The keys of every entry of a kind, in one walk of its folders (no stat per entry). */
  keys(kind: StoreKind<unknown>): Set<string> {
    const folder = path.join(this.dir, kind.name);
    const keys = new Set<string>();
    let groups: string[];
    try {
      groups = readdirSync(folder);
    } catch {
      return keys;
    }
    for (const group of groups) {
      for (const name of readdirSync(path.join(folder, group)))
        if (!name.startsWith(".")) keys.add(name);
    }
    return keys;
  }

  /** Deletes every entry of a kind whose key is not kept. */
  prune(kind: StoreKind<unknown>, keep: ReadonlySet<string>): number {
    const folder = path.join(this.dir, kind.name);
    let removed = 0;
    let groups: string[];
    try {
      groups = readdirSync(folder);
    } catch {
      return 0;
    }
    for (const group of groups) {
      for (const name of readdirSync(path.join(folder, group))) {
        if (keep.has(name)) continue;
        rmSync(path.join(folder, group, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** Enough of the file to hold its first two lines, for a reader of the data alone. */
const HEAD_READ = 64 * 1024;

function open(
  bytes: Buffer,
  kind: StoreKind<unknown>,
  key: string,
  partial = false,
): { header: z.infer<typeof Header>; dataStart: number; dataEnd: number } | undefined {
  if (bytes.toString("utf8", 0, MAGIC.length) !== MAGIC) return undefined;
  const newline = bytes.indexOf(0x0a, MAGIC.length);
  if (newline < 0) return undefined;
  let header: z.infer<typeof Header>;
  try {
    const parsed = Header.safeParse(JSON.parse(bytes.toString("utf8", MAGIC.length, newline)));
    if (!parsed.success) return undefined;
    header = parsed.data;
  } catch {
    return undefined;
  }
  if (header.kind !== kind.name || header.key !== key) return undefined;
  const dataStart = newline + 1;
  const dataEnd = dataStart + header.data.length;
  if (!partial) {
    if (dataEnd > bytes.length) return undefined;
    if (crc32(bytes.subarray(dataStart, dataEnd)) !== header.data.crc) return undefined;
  }
  return { header, dataStart, dataEnd };
}

function parseData<T>(kind: StoreKind<T>, bytes: Buffer): { value: T } | undefined {
  try {
    const parsed = kind.schema.safeParse(JSON.parse(bytes.toString("utf8")));
    return parsed.success ? { value: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}
