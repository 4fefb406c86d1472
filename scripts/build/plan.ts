// The first stage: what this build has to do. Walks content/ (the same walk every build and
// `npm run check` make, so every build refuses the same trees), gives each article file its
// store key, and compares with the last build's manifest: nothing to do, a patch of the
// articles whose keys changed, or everything.
//
// A file is taken as unchanged without being read when its stamp (size, modification and
// change times, inode) is the one recorded, and it was last modified well before that record
// was taken: a file rewritten within the same clock tick as a build, with the same size,
// would otherwise look unchanged (git's "racy" files). Every other file is read and hashed.
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { scanContent } from "../load/index.ts";
import { SourceKeys } from "../load/sources.ts";
import type { ContentProblem, Source } from "../load/types.ts";
import type { SiteConfig } from "../site/config.ts";
import type { ArticleJob } from "./articles.ts";
import { hashOf, sha256 } from "./hash.ts";
import {
  decodeInput,
  readManifest,
  type Manifest,
  type ManifestRest,
  type Stamp,
} from "./manifest.ts";

/** How long after a stamp is taken a file's modification time can still be within its tick. */
export const RACY_MS = 2000;

export interface PlanOptions {
  root: string;
  contentDir: string;
  outDir: string;
  cacheDir: string;
  config: SiteConfig;
  code: string;
  /** Build everything, whatever the last build left (also when the output is to be validated). */
  full?: boolean;
  /** Only these article files (a shard's), by their name from the content folder. */
  only?: (articleFile: string, sizes: ReadonlyMap<string, number>) => boolean;
}

export interface ArticleInput extends ArticleJob {
  /** Article id, "source/slug", from the file's place. */
  id: string;
  /** Name from the content folder ("source/slug.md"). */
  name: string;
  stamp: Stamp;
  hash: string;
}

export type Plan = {
  problems: ContentProblem[];
  sources: Source[];
  /** Every key sources.yaml names, and those tracked from headlines only (load/sources.ts SourceKeys). */
  sourceKeys: { all: string[]; headlinesOnly: string[] };
  /** Every article file the build covers. */
  articles: ArticleInput[];
  scannedAt: number;
  config: string;
} & (
  | { kind: "up to date" }
  | { kind: "full"; reason: string }
  | {
      kind: "patch";
      previous: ManifestRest;
      /** Articles whose key is not the recorded one (changed or new). */
      changed: ArticleInput[];
      /** Ids of recorded articles that are gone. */
      removed: string[];
    }
);

export async function plan(options: PlanOptions): Promise<Plan> {
  const scannedAt = Date.now();
  const scan = await scanContent(options.contentDir, { root: options.root });
  const sources = scan.sources.sources;
  const config = configDigest(options.config);
  const manifest = readManifest(options.cacheDir, options.outDir);
  const described = new Map(sources.map((s) => [s.key, sourceDigest(s)]));

  const stamps = new Map<string, { path: string; name: string; stamp: Stamp }>();
  const sizes = new Map<string, number>();
  const inside = `${path.resolve(options.contentDir)}${path.sep}`;
  for (const file of scan.articleFiles) {
    // The walk names files from the content folder: cutting it off is what path.relative does.
    const name = (
      file.startsWith(inside) ? file.slice(inside.length) : path.relative(options.contentDir, file)
    )
      .split(path.sep)
      .join("/");
    const stamp = stampOf(file);
    stamps.set(name, { path: file, name, stamp });
    sizes.set(name, stamp.size);
  }
  const articles: ArticleInput[] = [];
  for (const { path: file, name, stamp } of stamps.values()) {
    if (options.only && !options.only(name, sizes)) continue;
    const input = manifest?.inputs[name];
    const recorded = input === undefined ? undefined : decodeInput(input);
    const hash =
      recorded && trusted(recorded.stamp, stamp, manifest!.scannedAt)
        ? recorded.hash
        : hashFile(file);
    const folder = name.slice(0, name.indexOf("/"));
    const id = `${folder}/${path.basename(name, ".md")}`;
    // Where the file is (its source, slug, and name in messages) is part of what it makes.
    const shown = scan.show(file);
    const key = hashOf(
      "article",
      shown,
      hash,
      described.get(folder) ?? "undescribed",
      options.code,
      config,
    );
    articles.push({ id, name, path: file, file: shown, key, stamp, hash, bytes: stamp.size });
  }
  const keys = scan.sources.keys;
  const sourceKeys = {
    all: [...(keys ?? [])],
    headlinesOnly: [...(keys instanceof SourceKeys ? keys.headlinesOnly : [])],
  };
  const base = { problems: scan.problems, sources, sourceKeys, articles, scannedAt, config };

  const why = fullReason(options, manifest, config);
  if (why) return { ...base, kind: "full", reason: why };
  const recorded = manifest!.keys;
  const changed = articles.filter((a) => recorded[a.id] !== a.key);
  const present = new Set(articles.map((a) => a.id));
  const removed = Object.keys(recorded).filter((id) => !present.has(id));
  const sourcesSame =
    JSON.stringify(sources.map(sourceDigest)) === JSON.stringify(manifest!.sources);
  if (changed.length === 0 && removed.length === 0 && sourcesSame && scan.problems.length === 0) {
    return { ...base, kind: "up to date" };
  }
  // Only a patch reads the summaries and files of every article.
  const previous = manifest!.rest();
  if (!previous) return { ...base, kind: "full", reason: "the last build's record is damaged" };
  return { ...base, kind: "patch", previous, changed, removed };
}

/** Why the last build's output cannot be patched, or undefined when it can. */
function fullReason(options: PlanOptions, manifest: Manifest | undefined, config: string) {
  if (options.full) return "asked for";
  if (!manifest) return "no record of a previous build";
  if (manifest.code !== options.code) return "the build's code changed";
  if (manifest.config !== config) return "the site's settings changed";
  const out = outStamp(options.outDir);
  if (JSON.stringify(out) !== JSON.stringify(manifest.out) || out.includes(null)) {
    return "the output folder is not the one the last build left";
  }
  return undefined;
}

export function sourceDigest(source: Source): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(source).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

export function configDigest(config: SiteConfig): string {
  return hashOf(JSON.stringify(config));
}

function trusted(recorded: Stamp, now: Stamp, scannedAt: number): boolean {
  return (
    recorded.size === now.size &&
    recorded.mtimeMs === now.mtimeMs &&
    recorded.ctimeMs === now.ctimeMs &&
    recorded.ino === now.ino &&
    now.mtimeMs + RACY_MS < scannedAt
  );
}

function stampOf(file: string): Stamp {
  try {
    const s = lstatSync(file);
    return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
  } catch {
    return { size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0 };
  }
}

function hashFile(file: string): string {
  try {
    return sha256(readFileSync(file));
  } catch {
    return "unreadable";
  }
}

/** The output folder's home page and sitemap index, as stamps: a folder another build replaced differs. */
export function outStamp(outDir: string): (Stamp | null)[] {
  return ["index.html", "sitemap.xml"].map((file) => {
    try {
      const s = lstatSync(path.join(outDir, file));
      return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
    } catch {
      return null;
    }
  });
}
