// The archive's heads as the last build loaded them, in one file: for each article file, the
// article without its paragraphs (article-cache.ts) and the heads of its changes
// (diff-cache.ts). An incremental build lists every article and renders few. Read from their
// packs one by one (each pack decoded and checked, each key hashed, every change parsed),
// newsroom-10k's 10,000 article heads and 31,000 change heads took about 2.5 s of a
// one-version rebuild; here they are one read, an article's head is parsed from its line, and
// its changes only when one of them is first read: until then the site knows of a change which
// fields it rewrote, which the line also holds (docs/performance.md).
//
// A line is `<file>\t<article>\t<changes>`: the article part is the JSON [text hash, sources,
// language, head, fields], `fields` each change's rewritten fields in the order
// precomputeDiffs asks for them; the changes part is the JSON list of their [diff key, change
// head]. A line is used only for a file the article cache already trusts as unchanged (same
// stamp, so the same text hash), loaded with the same sources; its changes only when the
// source's language is the one they were keyed with. The last line, `end <lines> <bytes>
// <crc32>`, covers everything before it: a truncated or altered file is not used at all.
// The file is named after the loader's and the diff engine's code, like the caches it
// summarises, and is rewritten (whole, by rename) by any build whose lines differ.
import { readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { changedFields } from "../diff/summary.ts";
import type { Change, FieldName } from "../diff/types.ts";
import type { Article } from "../load/types.ts";
import { headOf, type ArticleHead } from "./article-cache.ts";
import { withoutField } from "./fields.ts";
import { OWN_TEMPORARY } from "./replace-file.ts";

export type ChangeHead = Omit<Change, "blocks">;

/** One file's line, its article part parsed. */
export interface SnapshotLine {
  head: ArticleHead;
  /** The language its changes were keyed with. */
  language: string;
  /** Each change's rewritten fields, in the order precomputeDiffs asks for the changes. */
  fields: FieldName[][];
}

/** The changes of an article read from its line: their heads are parsed when first needed. */
export interface SnapshotChanges {
  /** Each change's rewritten fields, in order. */
  readonly fields: readonly FieldName[][];
  /** [diff key, change head] of each change, in order (parsed once, on the first call). */
  heads(): [string, ChangeHead][];
}

/** What the article cache knows of an article it trusts, for a fresh line. */
export interface ArticleNote {
  file: string;
  textHash: string;
  sources: string;
}

interface Noted {
  article: ArticleNote;
  /** The line this article was read from, if any, and its article part. */
  line?: { range: Range; parsed: SnapshotLine };
  /** Whether its changes were taken from that line too (then the line is written as it was). */
  changesFromLine?: boolean;
  /** Its changes, read some other way, for a fresh line. */
  changes?: { language: string; keys: string[]; changes: readonly Change[] };
}

const END = "end";

/** Where a line is in the file's bytes: its start, its article part, its changes part, its end (the newline). */
type Range = [number, number, number, number];

export class HeadsSnapshot {
  private readonly noted = new WeakMap<Article, Noted>();

  private constructor(
    readonly file: string,
    private readonly bytes: Buffer,
    private readonly lines: ReadonlyMap<string, Range>,
    /** The files of its lines, in order: to know when it is unchanged. */
    private readonly order: readonly string[],
  ) {}

  /** Where the snapshot for this code lives. */
  static path(cacheDir: string, code: string): string {
    return path.join(cacheDir, "heads-snapshot", `${code.slice(0, 16)}.lines`);
  }

  /**
   * The snapshot for this code; empty when there is none, or it is damaged, or `empty` is set
   * (a full build reads every article whole, and writes a snapshot).
   */
  static read(cacheDir: string, code: string, options: { empty?: boolean } = {}): HeadsSnapshot {
    const file = HeadsSnapshot.path(cacheDir, code);
    const none = () => new HeadsSnapshot(file, Buffer.alloc(0), new Map(), []);
    if (options.empty) return none();
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return none();
    }
    const index = indexLines(bytes);
    return index ? new HeadsSnapshot(file, bytes, index.lines, index.order) : none();
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
      value = JSON.parse(this.bytes.toString("utf8", range[1], range[2] - 1));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 5) return undefined;
    const [hash, from, language, head, fields] = value as unknown[];
    if (hash !== textHash || from !== sources || typeof language !== "string") return undefined;
    if (typeof head !== "object" || head === null || !Array.isArray(fields)) return undefined;
    return { head: head as ArticleHead, language, fields: fields as FieldName[][] };
  }

  /** The article was made from this line (`take`): the line stays as it is if its changes do too. */
  readFromLine(article: Article, note: ArticleNote, line: SnapshotLine): void {
    const range = this.lines.get(note.file)!;
    this.noted.set(article, { article: note, line: { range, parsed: line } });
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
    const { fields } = line.parsed;
    if (line.parsed.language !== language || fields.length !== count) return undefined;
    noted.changesFromLine = true;
    const [start, end] = [line.range[2], line.range[3]];
    const { file } = noted.article;
    let heads: [string, ChangeHead][] | undefined;
    return {
      fields,
      heads: () => (heads ??= this.changeHeads(file, start, end, count)),
    };
  }

  private changeHeads(file: string, start: number, end: number, count: number) {
    let value: unknown;
    try {
      value = JSON.parse(this.bytes.toString("utf8", start, end));
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || value.length !== count) {
      // The file was checked when read: only another program's line of the same shape gets here.
      throw new Error(
        `${this.file}: the changes of ${file} cannot be read from it. Delete the file and ` +
          "build again.",
      );
    }
    return value as [string, ChangeHead][];
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
   * Writes the lines of these articles (in this order: the archive's), unless the file holds
   * exactly these lines already. Lines read from the file are written as they were read; only
   * new ones are serialised, a run at a time.
   */
  async save(articles: readonly Article[]): Promise<void> {
    const written: { article: Article; noted: Noted }[] = [];
    let same = true;
    for (const article of articles) {
      const noted = this.noted.get(article);
      if (!noted || /[\t\n]/.test(noted.article.file)) continue;
      const reused = noted.line !== undefined && noted.changesFromLine === true;
      if (!reused && !noted.changes) continue;
      if (!reused || this.order[written.length] !== noted.article.file) same = false;
      written.push({ article, noted });
    }
    if (same && written.length === this.order.length) return;
    const bytes = this.bytes;
    await writeLines(
      this.file,
      written.length,
      (function* () {
        for (const { article, noted } of written) {
          const range = noted.changesFromLine ? noted.line?.range : undefined;
          yield range
            ? bytes.subarray(range[0], range[3] + 1)
            : Buffer.from(freshLine(article, noted.article, noted.changes!), "utf8");
        }
      })(),
    );
  }
}

/** A line for an article not read from the snapshot, with its changes' heads. */
function freshLine(
  article: Article,
  note: ArticleNote,
  changes: NonNullable<Noted["changes"]>,
): string {
  // Heads only: neither the versions' paragraphs nor the changes' blocks are read.
  const fields = changes.changes.map(changedFields);
  const part = [note.textHash, note.sources, changes.language, headOf(article), fields];
  const heads = changes.changes.map(
    (change, i) =>
      `[${JSON.stringify(changes.keys[i])},${JSON.stringify(withoutField(change, "blocks"))}]`,
  );
  return `${note.file}\t${JSON.stringify(part)}\t[${heads.join(",")}]\n`;
}

/** Each line's place by file, checked against the closing line; undefined when damaged. */
function indexLines(bytes: Buffer): { lines: Map<string, Range>; order: string[] } | undefined {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) return undefined;
  const last = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  const [word, count, length, crc] = bytes.toString("utf8", last, bytes.length - 1).split(" ");
  if (word !== END || Number(length) !== last) return undefined;
  if (crc32(bytes.subarray(0, last)).toString(16) !== crc) return undefined;
  const lines = new Map<string, Range>();
  const order: string[] = [];
  for (let start = 0; start < last;) {
    const end = bytes.indexOf(0x0a, start);
    const first = bytes.indexOf(0x09, start);
    const second = first < 0 ? -1 : bytes.indexOf(0x09, first + 1);
    if (first < 0 || second < 0 || second > end) return undefined;
    const file = bytes.toString("utf8", start, first);
    lines.set(file, [start, first + 1, second + 1, end]);
    order.push(file);
    start = end + 1;
  }
  return order.length === Number(count) ? { lines, order } : undefined;
}

/** Writes the lines and the closing line under a temporary name, then renames it into place. */
async function writeLines(file: string, count: number, lines: Iterable<Buffer>): Promise<void> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  const temporary = `${file}${OWN_TEMPORARY}`;
  const handle = await open(temporary, "w");
  let crc = 0;
  let length = 0;
  try {
    // In runs of about 4 MB: one write per line would be thousands of calls, and one for all
    // would hold a 100k-article archive's lines (about 300 MB) at once.
    let run: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      if (run.length > 0) await handle.writev(run);
      length += size;
      run = [];
      size = 0;
    };
    for (const line of lines) {
      run.push(line);
      size += line.length;
      crc = crc32(line, crc);
      if (size >= RUN_BYTES) await flush();
    }
    await flush();
    await handle.write(`${END} ${count} ${length} ${crc.toString(16)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  // Snapshots of other code are not read again.
  for (const name of await readdir(folder)) {
    if (name !== path.basename(file) && !name.includes(".tmp")) {
      await rm(path.join(folder, name), { force: true });
    }
  }
}

const RUN_BYTES = 4 * 1024 * 1024;
