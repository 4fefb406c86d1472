// Content-addressed storage shared by the caches: entries keyed by a hex hash, spread over
// 256 JSON packs by the key's first two characters. A build reads a few hundred files rather
// than one per entry, and a small change rewrites one small pack. Packs are replaced by
// rename, never written in place, so a killed build, or two builds sharing a cache, leave
// only whole packs; an unreadable pack is only a set of misses.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export class PackStore<T> {
  private readonly dirty = new Set<string>();

  private constructor(
    readonly folder: string,
    private readonly packs: Map<string, Map<string, T>>,
  ) {}

  static async open<T>(folder: string): Promise<PackStore<T>> {
    const packs = new Map<string, Map<string, T>>();
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
            T
          >;
          packs.set(name.slice(0, 2), new Map(Object.entries(entries)));
        } catch {
          // A damaged pack: its entries are computed again and the pack rewritten.
        }
      }),
    );
    return new PackStore<T>(folder, packs);
  }

  get(key: string): T | undefined {
    return this.packs.get(key.slice(0, 2))?.get(key);
  }

  set(key: string, value: T): void {
    const pack = key.slice(0, 2);
    let entries = this.packs.get(pack);
    if (!entries) this.packs.set(pack, (entries = new Map()));
    entries.set(key, value);
    this.dirty.add(pack);
  }

  /** Writes the packs that gained entries; with `prune`, removes sibling folders (older code versions). */
  async save(prune = false): Promise<void> {
    if (this.dirty.size > 0) await mkdir(this.folder, { recursive: true });
    await Promise.all(
      [...this.dirty].map(async (pack) => {
        const file = path.join(this.folder, `${pack}.json`);
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(Object.fromEntries(this.packs.get(pack)!)));
        await rename(temporary, file);
      }),
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
  }
}
