// The diff cache: a change between two versions, keyed by a hash of both versions' text,
// the language, and the diff engine's own code. History is append-only, so after the first
// build nearly every change is a cache hit; a new version costs one or two fresh diffs.
//
// Layout: <dir>/diffs/<engine hash>/<00..ff>.pack (see packs.ts). Because keys are content
// hashes, the folder can be carried between machines by a CI cache as it is.
//
// An entry is two JSON texts: the change's fields and counts, then its blocks. The site model
// needs the counts of every change, but a build that renders few pages needs few changes'
// blocks, so the blocks are parsed the first time they are read. Each entry's head is also
// kept in diff-heads/, so an incremental build reads every change's counts from a fifth of
// the bytes and the blocks of the few it shows from their own line of the pack.
import path from "node:path";
import type { Block, Change, VersionText } from "../diff/types.ts";
import { hashOf, versionHash } from "./hash.ts";
import { rememberChangedFields } from "../diff/summary.ts";
import { withoutField } from "./fields.ts";
import type { SnapshotChanges } from "./heads-snapshot.ts";
import { PackStore } from "./packs.ts";

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
  return hashOf(language ?? "", versionHash(from), versionHash(to));
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
  return { ...stored, blocks: decodeBlocks(stored.blocks, to) };
}

function decodeBlocks(blocks: StoredBlock[], to: VersionText): Block[] {
  return blocks.map((block): Block => {
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
  });
}

/** An entry as stored: the change without its blocks, a tab, then the blocks. */
function serialise(change: StoredChange): string {
  const { blocks, ...head } = change;
  return `${JSON.stringify(head)}\t${JSON.stringify(blocks)}`;
}

/**
 * A change as it can be posted to a worker thread. Posting copies every property, which
 * would parse blocks nobody here reads; a change read from the cache (or compacted) travels
 * in its stored form instead, and the receiving thread parses what it reads.
 */
export type PortableChange = { change: Change } | { head: Omit<Change, "blocks">; stored: string };

export function toPortable(change: Change): PortableChange {
  // A change whose head is still unread gets it now, and travels in its stored form too.
  if (unread.has(change)) readHead(change);
  const lazy = lazyBlocks.get(change);
  const stored = lazy && storedText(lazy);
  if (stored === undefined) return { change };
  return { head: withoutField(change, "blocks"), stored };
}

/**
 * A change kept as the cache keeps it: blocks as stored text, parsed when first read. A
 * freshly computed change holds every paragraph's segments as objects; most are read once,
 * by a render worker, so the main thread keeps the compact form.
 */
export function compactChange(change: Change, to: VersionText): Change {
  const { blocks, ...head } = encodeChange(change, to);
  return lazyChange(head, JSON.stringify(blocks), to);
}

/** The change again, its blocks parsed when first read (`to`: the newer version's text). */
export function fromPortable(portable: PortableChange, to: VersionText): Change {
  return "change" in portable ? portable.change : lazyChange(portable.head, portable.stored, to);
}

/** A change whose blocks are parsed when first read; undefined for a damaged entry. */
function deserialise(value: string, to: VersionText): Change | undefined {
  const tab = value.indexOf("\t");
  const head = tab < 0 ? undefined : parseHead(value.slice(0, tab));
  return head && lazyChange(head, value.slice(tab + 1), to);
}

/** A change's head from its stored text; undefined when it is not one. */
function parseHead(text: string): Omit<Change, "blocks"> | undefined {
  try {
    const head = JSON.parse(text) as unknown;
    return isHead(head) ? head : undefined;
  } catch {
    return undefined;
  }
}

function isHead(value: unknown): value is Omit<Change, "blocks"> {
  return typeof value === "object" && value !== null && "stats" in value && !!value.stats;
}

/**
 * A change whose blocks are parsed when first read: the head, which it takes over (the head
 * object becomes the change), with `blocks` added. `stored` is their text, or how to get it
 * (a change read from its head: the text is fetched once, when first needed).
 */
function lazyChange(
  head: Omit<Change, "blocks">,
  stored: string | (() => string),
  to: VersionText,
): Change {
  const change = head as Change;
  Object.defineProperty(change, "blocks", BLOCKS);
  lazyBlocks.set(
    change,
    typeof stored === "function" ? { fetch: stored, to } : { text: stored, to },
  );
  return change;
}

/** The state of a change whose blocks are parsed when first read. */
interface LazyBlocks {
  /** How to get their stored text, until it has been fetched. */
  fetch?: () => string;
  /** Their stored text (until blocks are assigned). */
  text?: string;
  /** The newer version's text: unchanged paragraphs are stored as its positions. */
  to: VersionText;
  /** Blocks assigned to the change; they replace the stored ones. */
  assigned?: Block[];
  /**
   * Held weakly: a reader gets the same blocks for as long as it holds them, and once nobody
   * does, the collector may free them and a later read parses the text again. Held strongly,
   * every change the build ever read (the search index reads them all) stayed parsed in the
   * model: about 170 MB more at newsroom-10k.
   */
  parsed?: WeakRef<Block[]>;
}

/**
 * Every lazy change's state, found by one getter and setter shared by all: accessors made per
 * change (an object literal's `get`/`set`) gave each change an object shape of its own, several
 * times the memory of its fields (docs/performance.md).
 */
const lazyBlocks = new WeakMap<Change, LazyBlocks>();

function storedText(lazy: LazyBlocks): string | undefined {
  if (lazy.fetch) {
    lazy.text = lazy.fetch();
    lazy.fetch = undefined;
  }
  return lazy.text;
}

const BLOCKS: PropertyDescriptor = {
  get(this: Change): Block[] {
    if (unread.has(this)) readHead(this);
    const lazy = lazyBlocks.get(this)!;
    if (lazy.assigned) return lazy.assigned;
    let blocks = lazy.parsed?.deref();
    if (blocks === undefined) {
      blocks = decodeBlocks(JSON.parse(storedText(lazy)!) as StoredBlock[], lazy.to);
      lazy.parsed = new WeakRef(blocks);
    }
    return blocks;
  },
  set(this: Change, value: Block[]) {
    if (unread.has(this)) readHead(this);
    const lazy = lazyBlocks.get(this)!;
    lazy.assigned = value;
    lazy.text = undefined;
    lazy.fetch = undefined;
    lazy.parsed = undefined;
  },
  enumerable: true,
  configurable: true,
};

/**
 * Changes whose head has not been read yet (heads-snapshot.ts): every field is a getter that
 * reads it first. The site model asks every change of the archive only which fields it
 * rewrote, which the snapshot knows without reading the head (diff/summary.ts); an
 * incremental build reads the heads of the few changes its pages show.
 */
const unread = new WeakMap<Change, UnreadHead>();

interface UnreadHead {
  changes: SnapshotChanges;
  index: number;
  to: VersionText;
  /** The diff cache: its blocks once the head is read, and its head if the snapshot lost it. */
  cache: DiffCache;
  recompute: () => Change;
}

/** Reads a change's head in place: its fields become plain values, its blocks lazy as ever. */
function readHead(change: Change): void {
  const { changes, index, to, cache, recompute } = unread.get(change)!;
  unread.delete(change);
  const key = changes.keys[index]!;
  const stored: unknown = changes.heads()?.[index];
  // When the snapshot's changes file was replaced or damaged since it was read, the cache has it.
  const head = isHead(stored)
    ? stored
    : withoutField(cache.get(key, to, recompute) ?? recompute(), "blocks");
  for (const field of HEAD_FIELDS) {
    Object.defineProperty(change, field, {
      value: head[field],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  lazyBlocks.set(change, { fetch: cache.blocksOf(key, to, recompute), to });
}

/** A change's fields other than its blocks, in the order the diff engine gives them. */
const HEAD_FIELDS = ["fields", "stats", "fallback"] as const;

const UNREAD: PropertyDescriptorMap = Object.fromEntries([
  ...HEAD_FIELDS.map((field): [string, PropertyDescriptor] => [
    field,
    {
      get(this: Change) {
        readHead(this);
        return this[field];
      },
      set(this: Change, value: unknown) {
        readHead(this);
        (this as unknown as Record<string, unknown>)[field] = value;
      },
      enumerable: true,
      configurable: true,
    },
  ]),
  ["blocks", BLOCKS],
]);

export interface DiffCacheOptions {
  /**
   * Changes are read from their heads (fields and counts, a fifth of the cache), their
   * blocks fetched from the full entry when first read: for a build that lists every change
   * and renders few (incremental).
   */
  heads?: boolean;
}

export class DiffCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  private constructor(
    private readonly store: PackStore,
    /** Each entry's head (the text before its tab), kept beside the full entries. */
    private readonly heads: PackStore,
    private readonly options: DiffCacheOptions,
  ) {}

  get folder(): string {
    return this.store.folder;
  }

  /** Opens the cache for one engine version; a missing or unreadable pack is empty. */
  static async open(
    cacheDir: string,
    engine: string,
    options: DiffCacheOptions = {},
  ): Promise<DiffCache> {
    return new DiffCache(
      await PackStore.open(diffCacheFolder(cacheDir, engine)),
      await PackStore.open(path.join(cacheDir, "diff-heads", engine.slice(0, 16))),
      options,
    );
  }

  /**
   * The cached change, or undefined. Read from its head, a change whose full entry is gone
   * by the time its blocks are read is computed again with `recompute`.
   */
  get(key: string, to: VersionText, recompute?: () => Change): Change | undefined {
    if (this.options.heads && recompute) {
      const change = this.fromHead(key, to, recompute);
      if (change) return change;
    }
    const stored = this.store.get(key);
    const change = stored === undefined ? undefined : deserialise(stored, to);
    if (change === undefined) {
      this.stats.misses++;
      return undefined;
    }
    // A cache filled before heads were kept gains them as its changes are read.
    if (this.options.heads) this.heads.set(key, stored!.slice(0, stored!.indexOf("\t")));
    this.stats.hits++;
    return change;
  }

  private fromHead(key: string, to: VersionText, recompute: () => Change): Change | undefined {
    const value = this.heads.get(key);
    const head = value === undefined ? undefined : parseHead(value);
    if (!head) return undefined;
    this.stats.hits++;
    return lazyChange(head, this.blocksOf(key, to, recompute), to);
  }

  /**
   * A change of a snapshot line (heads-snapshot.ts), its head read when one of its fields is
   * first read and its blocks, as from `get`, when they are.
   */
  fromSnapshot(
    changes: SnapshotChanges,
    index: number,
    to: VersionText,
    recompute: () => Change,
  ): Change {
    const change = Object.defineProperties({}, UNREAD) as Change;
    unread.set(change, { changes, index, to, cache: this, recompute });
    rememberChangedFields(change, changes.fields[index]!);
    this.stats.hits++;
    return change;
  }

  /** How to get a change's stored blocks: from its full entry, else computed again. */
  blocksOf(key: string, to: VersionText, recompute: () => Change): () => string {
    return () => {
      const stored = this.store.peek(key);
      const tab = stored?.indexOf("\t") ?? -1;
      if (stored !== undefined && tab > 0) return stored.slice(tab + 1);
      return JSON.stringify(encodeChange(recompute(), to).blocks);
    };
  }

  set(key: string, change: Change, to: VersionText): void {
    // A fallback can come from a time limit on a busy machine; caching it would keep the worse
    // diff for ever, so it is computed again next time instead.
    if (change.fallback) return;
    const stored = serialise(encodeChange(change, to));
    this.store.set(key, stored);
    this.heads.set(key, stored.slice(0, stored.indexOf("\t")));
  }

  /**
   * Writes the packs that gained entries, and removes packs of other engine versions. The
   * packs' text is then let go: changes read from it keep what they need of it (a change
   * read from its head reads its own line of the pack again when its blocks are first read).
   */
  async save(): Promise<void> {
    await Promise.all([this.store.save(true), this.heads.save(true)]);
    this.store.release();
    this.heads.release();
  }
}
