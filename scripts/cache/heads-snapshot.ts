// The archive's heads as the last build loaded them: for each article file, the article
// without its paragraphs (article-cache.ts) and the heads of its changes (diff-cache.ts). An
// incremental build lists every article and renders few. Read from their packs one by one
// (each pack decoded and checked, each key hashed, every change parsed), newsroom-10k's 10,000
// article heads and 31,000 change heads took about 2.5 s of a one-version rebuild. Here the
// articles are one file read, an article parsed from its line; the changes' heads are read
// only when one of them is first asked for: until then the site knows of a change which
// fields it rewrote, which the line also holds (docs/performance.md).
//
// Two files, named after the loader's and the diff engine's code like the caches they
// summarise, and after this module's (SNAPSHOT_MODULE: the lines' format):
//   <code>.lines          a line per article file: `<file>\t<JSON>`, the JSON being [text hash,
//                         sources (a digest of their list), language, head, fields, keys,
//                         changes], `fields` and `keys` each change's rewritten fields and
//                         diff key in the order precomputeDiffs asks for them, `changes` where
//                         its changes' heads are in the changes file: [offset, length,
//                         CRC-32]. The last line, `end
//                         <lines> <bytes> <crc32> <changes file> <its length>`, covers
//                         everything before it: a truncated or altered file is not used.
//   <code>-<n>.changes    the changes' heads, an article's as one JSON list, appended to by
//                         each incremental build (a one-version rebuild adds one article's), so
//                         unchanged articles' heads are neither read nor written again. A full
//                         build, or one that finds it mostly unused, writes a new one.
// A line is used only for a file the article cache already trusts as unchanged (same stamp,
// so the same text hash), loaded with the same sources; its changes only when the source's
// language is the one they were keyed with. Both files are replaced by rename or only
// appended to, so a killed build leaves what an earlier one wrote.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { changedFields } from "../diff/summary.ts";
import type { Change, FieldName } from "../diff/types.ts";
import type { Article } from "../load/types.ts";
import { headOf, type ArticleHead } from "./article-cache.ts";
import { hashOf } from "./hash.ts";
import { withoutField } from "./fields.ts";
import { OWN_TEMPORARY } from "./replace-file.ts";

/** This module: how the lines are written is part of the snapshot's name. */
export const SNAPSHOT_MODULE = "scripts/cache/heads-snapshot.ts";

export type ChangeHead = Omit<Change, "blocks">;

/** One file's line, parsed. */
export interface SnapshotLine {
  head: ArticleHead;
  /** The language its changes were keyed with. */
  language: string;
  /** Each change's rewritten fields, in the order precomputeDiffs asks for the changes. */
  fields: FieldName[][];
  /** Each change's diff key, in the same order. */
  keys: string[];
  /** Where its changes' heads are in the changes file. */
  changes: Blob;
  /** Where the line itself is in the lines file (it is written again as it is). */
  range: Range;
}

/** The changes of an article read from its line: their heads are read when first needed. */
export interface SnapshotChanges {
  /** Each change's rewritten fields, in order. */
  readonly fields: readonly FieldName[][];
  /** Each change's diff key, in order. */
  readonly keys: readonly string[];
  /**
   * Each change's head, in order (read once, on the first call); undefined when the changes
   * file no longer holds them as they were written (the caller asks the diff cache).
   */
  heads(): ChangeHead[] | undefined;
}

/** What the article cache knows of an article it trusts, for a fresh line. */
export interface ArticleNote {
  file: string;
  textHash: string;
  sources: string;
}

interface Noted {
  article: ArticleNote;
  /** The line this article was read from, if any. */
  line?: SnapshotLine;
  /** Whether its changes were taken from that line too (then the line is written as it was). */
  changesFromLine?: boolean;
  /** Its changes, read some other way, for a fresh line. */
  changes?: { language: string; keys: string[]; changes: readonly Change[] };
}

const END = "end";

/** Where a line is in the lines file: its start, its JSON's start, its end (the newline). */
type Range = [number, number, number];

/** Where an article's changes' heads are in the changes file: offset, length, CRC-32. */
type Blob = [number, number, number];

/** The changes file a lines file goes with, and how much of it that lines file uses. */
interface ChangesFile {
  name: string;
  /** Its length when the lines file was written (every blob lies below it). */
  length: number;
}

export class HeadsSnapshot {
  private readonly noted = new WeakMap<Article, Noted>();

  private constructor(
    private readonly folder: string,
    private readonly code: string,
    private readonly bytes: Buffer,
    private readonly lines: ReadonlyMap<string, Range>,
    /** The files of its lines, in order: to know when it is unchanged. */
    private readonly order: readonly string[],
    private readonly changesFile: ChangesFile | undefined,
  ) {}

  /**
   * The snapshot for this code; empty when there is none, or it is damaged, or `empty` is set
   * (a full build reads every article whole, and writes a snapshot).
   */
  static read(cacheDir: string, code: string, options: { empty?: boolean } = {}): HeadsSnapshot {
    const folder = path.join(cacheDir, "heads-snapshot");
    const name = code.slice(0, 16);
    const none = () => new HeadsSnapshot(folder, name, Buffer.alloc(0), new Map(), [], undefined);
    if (options.empty) return none();
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(folder, `${name}.lines`));
    } catch {
      return none();
    }
    const index = indexLines(bytes);
    if (!index || !hasChanges(folder, index.changes)) return none();
    return new HeadsSnapshot(folder, name, bytes, index.lines, index.order, index.changes);
  }

  /**
   * The line of a file, when it was written for this text and these sources; undefined
   * otherwise (the file changed, or the line is of another shape).
   */
  take(file: string, textHash: string, sources: string): SnapshotLine | undefined {
    const range = this.lines.get(file);
    if (!range) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(this.bytes.toString("utf8", range[1], range[2]));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 7) return undefined;
    const [hash, from, language, head, fields, keys, changes] = value as unknown[];
    if (hash !== textHash || from !== sourcesDigest(sources) || typeof language !== "string") {
      return undefined;
    }
    if (typeof head !== "object" || head === null) return undefined;
    if (!Array.isArray(fields) || !Array.isArray(keys) || fields.length !== keys.length) {
      return undefined;
    }
    if (!Array.isArray(changes) || changes.length !== 3) return undefined;
    return {
      head: head as ArticleHead,
      language,
      fields: fields as FieldName[][],
      keys: keys as string[],
      changes: changes as Blob,
      range,
    };
  }

  /** The article was made from this line (`take`): the line stays as it is if its changes do too. */
  readFromLine(article: Article, note: ArticleNote, line: SnapshotLine): void {
    this.noted.set(article, { article: note, line });
  }

  /** The article the cache trusts, read some other way (its file changed, or had no line). */
  noteArticle(article: Article, note: ArticleNote): void {
    this.noted.set(article, { article: note });
  }

  /**
   * An article's changes from its line, when it was read from one and they were keyed with
   * this language; the caller takes them all, or none.
   */
  changesOf(article: Article, language: string, count: number): SnapshotChanges | undefined {
    const noted = this.noted.get(article);
    const line = noted?.line;
    if (!noted || !line) return undefined;
    if (line.language !== language || line.keys.length !== count) return undefined;
    noted.changesFromLine = true;
    let heads: ChangeHead[] | undefined;
    let read = false;
    return {
      fields: line.fields,
      keys: line.keys,
      heads: () => {
        if (!read) heads = this.changeHeads(line.changes, count);
        read = true;
        return heads;
      },
    };
  }

  /** An article's changes' heads from the changes file; undefined if they are not there now. */
  private changeHeads(blob: Blob, count: number): ChangeHead[] | undefined {
    const bytes = this.blobBytes(blob);
    if (!bytes) return undefined;
    try {
      const heads = JSON.parse(bytes.toString("utf8")) as unknown;
      return Array.isArray(heads) && heads.length === count ? (heads as ChangeHead[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The article's changes, computed or read elsewhere, for its line. */
  noteChanges(
    article: Article,
    language: string,
    keys: string[],
    changes: readonly Change[],
  ): void {
    const noted = this.noted.get(article);
    if (!noted) return;
    noted.changes = { language, keys, changes };
    noted.changesFromLine = false;
  }

  /**
   * Writes the lines of these articles (in this order: the archive's), unless the files hold
   * exactly these already. Lines read from the file are written as they were read, their
   * changes' heads left where they are; new lines' heads are appended to the changes file.
   * A changes file that another build wrote to since, or that is mostly unused, is written
   * anew (the heads still in use copied over).
   */
  async save(articles: readonly Article[]): Promise<void> {
    const written: { article: Article; noted: Noted }[] = [];
    let same = true;
    let used = 0;
    for (const article of articles) {
      const noted = this.noted.get(article);
      if (!noted || /[\t\n]/.test(noted.article.file)) continue;
      const reused = noted.line !== undefined && noted.changesFromLine === true;
      if (!reused && !noted.changes) continue;
      if (!reused || this.order[written.length] !== noted.article.file) same = false;
      if (reused) used += noted.line!.changes[1];
      written.push({ article, noted });
    }
    if (same && written.length === this.order.length) return;
    await mkdir(this.folder, { recursive: true });
    const current = this.changesFile;
    const changes =
      (current && used * 2 >= current.length
        ? await ChangesWriter.append(this.folder, current)
        : undefined) ?? (await ChangesWriter.create(this.folder, this.code));
    const lines: Buffer[] = [];
    try {
      for (const { article, noted } of written) {
        const line = noted.changesFromLine ? noted.line : undefined;
        if (line && changes.appending) {
          lines.push(this.bytes.subarray(line.range[0], line.range[2] + 1));
          continue;
        }
        if (line) {
          // Copied into the new changes file; left out if it is no longer there to copy.
          const heads = this.blobBytes(line.changes);
          if (!heads) continue;
          const { language, keys, fields } = line;
          const blob = await changes.add(heads);
          lines.push(freshLine(article, noted.article, language, keys, fields, blob));
        } else {
          const { language, keys, changes: own } = noted.changes!;
          const heads = `[${own.map((c) => JSON.stringify(withoutField(c, "blocks"))).join(",")}]`;
          const blob = await changes.add(Buffer.from(heads, "utf8"));
          const fields = own.map(changedFields);
          lines.push(freshLine(article, noted.article, language, keys, fields, blob));
        }
      }
    } finally {
      await changes.close();
    }
    const name = `${this.code}.lines`;
    await writeLines(path.join(this.folder, name), lines, changes.name, changes.length);
    await removeOthers(this.folder, [name, changes.name]);
  }

  /**
   * A blob of the changes file, as it was written; undefined if it is not there now (another
   * build may have replaced the file since it was read: its checksum tells).
   */
  private blobBytes([offset, length, crc]: Blob): Buffer | undefined {
    const file = this.changesFile;
    if (!file || offset + length > file.length) return undefined;
    const bytes = Buffer.allocUnsafe(length);
    let fd: number | undefined;
    try {
      fd = openSync(path.join(this.folder, file.name), "r");
      if (readSync(fd, bytes, 0, length, offset) !== length) return undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return crc32(bytes) === crc ? bytes : undefined;
  }
}

/** Writes the changes' heads of new lines: appended to the changes file read, or a new one. */
class ChangesWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly name: string,
    /** Where the next blob goes: the file's length once everything is written. */
    public length: number,
    /** Whether blobs go after those of the changes file read (which stay in use). */
    readonly appending: boolean,
  ) {}

  /** The changes file read, to append to; undefined if it is no longer as it was read. */
  static async append(folder: string, file: ChangesFile): Promise<ChangesWriter | undefined> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path.join(folder, file.name), "r+");
      // Another build appended since (or a killed one left a tail): its lines may use that.
      if ((await handle.stat()).size !== file.length) throw new Error("written to since");
      return new ChangesWriter(handle, file.name, file.length, true);
    } catch {
      await handle?.close();
      return undefined;
    }
  }

  /** A new changes file, under a name of its own (no lines file names it yet). */
  static async create(folder: string, code: string): Promise<ChangesWriter> {
    const name = `${code}-${Date.now().toString(36)}${process.pid.toString(36)}.changes`;
    return new ChangesWriter(await open(path.join(folder, name), "wx"), name, 0, false);
  }

  /** Adds one article's changes' heads; where they will be. */
  async add(bytes: Buffer): Promise<Blob> {
    const blob: Blob = [this.length + this.pendingBytes, bytes.length, crc32(bytes)];
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= RUN_BYTES) await this.flush();
    return blob;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const run = this.pending;
    const size = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    await writeAll(this.handle, run, this.length);
    this.length += size;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

/** Writes the buffers at `position`, however many calls it takes. */
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let at = position;
  // Gathered by the system, not copied into one buffer first (21 MB of lines at newsroom-10k),
  // in groups no larger than a system call takes.
  for (let first = 0; first < buffers.length; first += IOV_MAX) {
    const group = buffers.slice(first, first + IOV_MAX);
    let { bytesWritten } = await handle.writev(group, at);
    at += bytesWritten;
    // A short write (rare for a regular file): the rest, a buffer at a time.
    for (const buffer of group) {
      if (bytesWritten >= buffer.length) {
        bytesWritten -= buffer.length;
        continue;
      }
      for (let done = bytesWritten; done < buffer.length;) {
        const written = await handle.write(buffer, done, buffer.length - done, at);
        done += written.bytesWritten;
        at += written.bytesWritten;
      }
      bytesWritten = 0;
    }
  }
}

/** Buffers a single writev takes (Linux's IOV_MAX). */
const IOV_MAX = 1024;

/** A line for an article, its changes' heads at `blob` of the changes file. */
function freshLine(
  article: Article,
  note: ArticleNote,
  language: string,
  keys: readonly string[],
  fields: readonly (readonly FieldName[])[],
  blob: Blob,
): Buffer {
  // Heads only: neither the versions' paragraphs nor the changes' blocks are read.
  const sources = sourcesDigest(note.sources);
  const part = [note.textHash, sources, language, headOf(article), fields, keys, blob];
  return Buffer.from(`${note.file}\t${JSON.stringify(part)}\n`, "utf8");
}

/**
 * The sources an article was loaded with, as a line holds them: a digest of their list. The
 * list itself (every source's key) was a seventh of newsroom-10k's lines, read and parsed for
 * every article of every rebuild. Every article of a build has the same list: the last digest
 * is kept.
 */
function sourcesDigest(sources: string): string {
  if (lastSources?.list !== sources)
    lastSources = { list: sources, digest: hashOf(sources).slice(0, 16) };
  return lastSources.digest;
}

let lastSources: { list: string; digest: string } | undefined;

/** Each line's place by file, checked against the closing line; undefined when damaged. */
function indexLines(
  bytes: Buffer,
):
  | { lines: Map<string, Range>; order: string[]; changes: { name: string; length: number } }
  | undefined {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) return undefined;
  const last = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  const closing = bytes.toString("utf8", last, bytes.length - 1).split(" ");
  const [word, count, length, crc, changes, changesLength] = closing;
  if (word !== END || closing.length !== 6 || Number(length) !== last) return undefined;
  if (crc32(bytes.subarray(0, last)).toString(16) !== crc) return undefined;
  const lines = new Map<string, Range>();
  const order: string[] = [];
  for (let start = 0; start < last;) {
    const end = bytes.indexOf(0x0a, start);
    const tab = bytes.indexOf(0x09, start);
    if (tab < 0 || tab > end) return undefined;
    const file = bytes.toString("utf8", start, tab);
    lines.set(file, [start, tab + 1, end]);
    order.push(file);
    start = end + 1;
  }
  if (order.length !== Number(count)) return undefined;
  return { lines, order, changes: { name: changes!, length: Number(changesLength) } };
}

/** Whether the changes file a lines file names is there, at least as long as it says. */
function hasChanges(folder: string, file: ChangesFile): boolean {
  if (!/^[0-9a-f]{16}-[0-9a-z]+\.changes$/.test(file.name)) return false;
  try {
    return statSync(path.join(folder, file.name)).size >= file.length;
  } catch {
    return false;
  }
}

/** Writes the lines and the closing line under a temporary name, then renames it into place. */
async function writeLines(
  file: string,
  lines: readonly Buffer[],
  changes: string,
  changesLength: number,
): Promise<void> {
  let crc = 0;
  let length = 0;
  for (const line of lines) {
    crc = crc32(line, crc);
    length += line.length;
  }
  const closing = `${END} ${lines.length} ${length} ${crc.toString(16)} ${changes} ${changesLength}\n`;
  const temporary = `${file}${OWN_TEMPORARY}`;
  const handle = await open(temporary, "w");
  try {
    await writeAll(handle, [...lines, Buffer.from(closing)], 0);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** Removes the folder's files but these (snapshots of other code, replaced changes files). */
async function removeOthers(folder: string, keep: readonly string[]): Promise<void> {
  for (const name of await readdir(folder)) {
    // Another build's temporary file is left: it is about to rename it.
    if (!keep.includes(name) && !name.endsWith(".tmp")) {
      await rm(path.join(folder, name), { force: true });
    }
  }
}

const RUN_BYTES = 4 * 1024 * 1024;
