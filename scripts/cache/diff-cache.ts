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

/** Blocks of changes read from the cache, in their stored form (until blocks are assigned). */
const storedBlocks = new WeakMap<Change, () => string | undefined>();

/**
 * A change as it can be posted to a worker thread. Posting copies every property, which
 * would parse blocks nobody here reads; a change read from the cache (or compacted) travels
 * in its stored form instead, and the receiving thread parses what it reads.
 */
export type PortableChange = { change: Change } | { head: Omit<Change, "blocks">; stored: string };

export function toPortable(change: Change): PortableChange {
  const stored = storedBlocks.get(change)?.();
  if (stored === undefined) return { change };
  const head = Object.fromEntries(
    Object.keys(change)
      .filter((key) => key !== "blocks")
      .map((key) => [key, change[key as keyof Change]]),
  ) as Omit<Change, "blocks">;
  return { head, stored };
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
  let head: Omit<Change, "blocks">;
  try {
    head = JSON.parse(value.slice(0, tab)) as Omit<Change, "blocks">;
  } catch {
    return undefined;
  }
  if (tab < 0 || typeof head !== "object" || head === null || !head.stats) return undefined;
  return lazyChange(head, value.slice(tab + 1), to);
}

/**
 * A change whose blocks are parsed when first read. `stored` is their text, or how to get it
 * (a change read from its head: the text is fetched once, when first needed).
 */
function lazyChange(
  head: Omit<Change, "blocks">,
  stored: string | (() => string),
  to: VersionText,
): Change {
  let fetch: (() => string) | undefined = typeof stored === "function" ? stored : undefined;
  let text: string | undefined = typeof stored === "string" ? stored : undefined;
  const blocksText = (): string | undefined => {
    if (fetch) {
      text = fetch();
      fetch = undefined;
    }
    return text;
  };
  let assigned: Block[] | undefined;
  // Held weakly: a reader gets the same blocks for as long as it holds them, and once nobody
  // does, the collector may free them and a later read parses the text again. Held strongly,
  // every change the build ever read (the search index reads them all) stayed parsed in the
  // model: about 170 MB more at newsroom-10k.
  let parsed: WeakRef<Block[]> | undefined;
  const change: Change = {
    ...head,
    get blocks(): Block[] {
      if (assigned) return assigned;
      let blocks = parsed?.deref();
      if (blocks === undefined) {
        blocks = decodeBlocks(JSON.parse(blocksText()!) as StoredBlock[], to);
        parsed = new WeakRef(blocks);
      }
      return blocks;
    },
    set blocks(value: Block[]) {
      assigned = value;
      text = undefined;
      fetch = undefined;
      parsed = undefined;
    },
  };
  storedBlocks.set(change, blocksText);
  return change;
}

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
      if (change) {
        this.stats.hits++;
        return change;
      }
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
    if (value === undefined) return undefined;
    let head: Omit<Change, "blocks">;
    try {
      head = JSON.parse(value) as Omit<Change, "blocks">;
    } catch {
      return undefined;
    }
    if (typeof head !== "object" || head === null || !head.stats) return undefined;
    return lazyChange(
      head,
      () => {
        const stored = this.store.peek(key);
        const tab = stored?.indexOf("\t") ?? -1;
        if (stored !== undefined && tab > 0) return stored.slice(tab + 1);
        return JSON.stringify(encodeChange(recompute(), to).blocks);
      },
      to,
    );
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
