// The record of the last build of one output folder: what went in (the code, the settings,
// every content file's stamp and hash), what each article became (its store key, summary and
// files), and what the pages that list articles were made from. The next build plans from it
// (plan.ts): nothing to do, a patch of what changed, or everything.
//
// Stored as two parts, each checked when read: a head (what deciding needs: the inputs) and
// the rest (summaries and files, read only by a build that patches). A manifest that is
// missing, damaged or of another format is no manifest: the build is then a full one.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { z } from "zod";
import { writeFileAtomicSync as writeFileAtomic } from "../files/atomic.ts";
import { hashOf } from "./hash.ts";
import { ArticleSummarySchema } from "./entries.ts";

const MAGIC = "diff-archive-manifest 1\n";

const Stamp = z.strictObject({
  size: z.number(),
  mtimeMs: z.number(),
  ctimeMs: z.number(),
  ino: z.number(),
});
export type Stamp = z.infer<typeof Stamp>;

/** A content file's stamp and hash, as the head stores it. */
const INPUT = /^-?\d+(\.\d+)?:\d+(\.\d+)?:\d+(\.\d+)?:\d+:[0-9a-z]+$/;

export function encodeInput(stamp: Stamp, hash: string): string {
  return `${stamp.size}:${stamp.mtimeMs}:${stamp.ctimeMs}:${stamp.ino}:${hash}`;
}

export function decodeInput(text: string): { stamp: Stamp; hash: string } {
  const [size, mtimeMs, ctimeMs, ino, hash] = text.split(":");
  return {
    stamp: {
      size: Number(size),
      mtimeMs: Number(mtimeMs),
      ctimeMs: Number(ctimeMs),
      ino: Number(ino),
    },
    hash: hash!,
  };
}

const Head = z.strictObject({
  code: z.string(),
  config: z.string(),
  /** When this build began looking at the content: stamps taken later than this minus the racy window are not trusted. */
  scannedAt: z.number(),
  /** The output folder as this build left it (its home page and sitemap index). */
  out: z.array(Stamp.nullable()),
  /**
   * Content files by name from the content folder: "size:mtime:ctime:inode:sha256", one string
   * each (checked as a pattern: 10,000 strings check far faster than 10,000 objects).
   */
  inputs: z.record(z.string(), z.string().regex(INPUT)),
  /** Each source's description (plan.ts sourceDigest), in order. */
  sources: z.array(z.string()),
  /** Each article's store key, by id: enough to tell that nothing changed without the rest. */
  keys: z.record(z.string(), z.string()),
  rest: z.strictObject({ length: z.number().int().min(0), crc: z.number().int() }),
});

const Rest = z.strictObject({
  /** By article id. */
  articles: z.record(
    z.string(),
    z.strictObject({ key: z.string(), summary: ArticleSummarySchema, files: z.array(z.string()) }),
  ),
  /** Files of the pages that list articles (Eleventy's), by name: what each was made from. */
  lists: z.record(z.string(), z.string()),
  /** Search bundles by shard: the store key they were made under and their files. */
  bundles: z.record(z.string(), z.strictObject({ key: z.string(), files: z.array(z.string()) })),
  /** Every other file of the site (assets): written by full builds, kept by patches. */
  assets: z.array(z.string()),
});

export type ManifestHead = Omit<z.infer<typeof Head>, "rest">;
export type ManifestRest = z.infer<typeof Rest>;

/** A manifest as read: its head, and its rest parsed on request (checked all the same). */
export interface Manifest extends ManifestHead {
  rest(): ManifestRest | undefined;
}

/**
 * One record per output folder, so building two folders from one checkout does not mix them:
 * its head in `<name>.manifest` and the rest beside it in `<name>.rest`, so that deciding
 * reads the head alone. The head names the rest's length and CRC-32.
 */
export function manifestPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, "builds", `${hashOf(path.resolve(outDir)).slice(0, 16)}.manifest`);
}

function restPath(cacheDir: string, outDir: string): string {
  return manifestPath(cacheDir, outDir).replace(/\.manifest$/, ".rest");
}

export function readManifest(cacheDir: string, outDir: string): Manifest | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(manifestPath(cacheDir, outDir));
  } catch {
    return undefined;
  }
  if (bytes.toString("utf8", 0, MAGIC.length) !== MAGIC) return undefined;
  let head: z.infer<typeof Head>;
  try {
    const parsed = Head.safeParse(JSON.parse(bytes.toString("utf8", MAGIC.length)));
    if (!parsed.success) return undefined;
    head = parsed.data;
  } catch {
    return undefined;
  }
  const { rest: expected, ...fields } = head;
  let rest: ManifestRest | undefined | null = null;
  return {
    ...fields,
    rest() {
      if (rest === null) {
        try {
          const body = readFileSync(restPath(cacheDir, outDir));
          if (body.length !== expected.length || crc32(body) !== expected.crc) rest = undefined;
          else {
            const parsed = Rest.safeParse(JSON.parse(body.toString("utf8")));
            rest = parsed.success
              ? withFolders(parsed.data, (id, f) => (f.startsWith("/") ? f.slice(1) : `${id}/${f}`))
              : undefined;
          }
        } catch {
          rest = undefined;
        }
      }
      return rest;
    },
  };
}

export function writeManifest(
  cacheDir: string,
  outDir: string,
  head: ManifestHead,
  rest: ManifestRest,
): void {
  // An article's files are named from its own folder (most of them are under it).
  const compact = withFolders(rest, (id, f) =>
    f.startsWith(`${id}/`) ? f.slice(id.length + 1) : `/${f}`,
  );
  const body = Buffer.from(JSON.stringify(compact), "utf8");
  const first = JSON.stringify({ ...head, rest: { length: body.length, crc: crc32(body) } });
  const file = manifestPath(cacheDir, outDir);
  mkdirSync(path.dirname(file), { recursive: true });
  // The rest first: a head is only ever next to the rest it names, or to a newer one it
  // does not match (then the rest is not trusted, and the build is a full one).
  writeFileAtomic(restPath(cacheDir, outDir), body);
  writeFileAtomic(file, `${MAGIC}${first}`);
}

function withFolders(rest: ManifestRest, name: (id: string, file: string) => string): ManifestRest {
  const articles: ManifestRest["articles"] = {};
  for (const [id, a] of Object.entries(rest.articles)) {
    articles[id] = { ...a, files: a.files.map((f) => name(id, f)) };
  }
  return { ...rest, articles };
}

/** A build about to change the output folder in place forgets it first: killed, it leaves no trusted record. */
export function forgetManifest(cacheDir: string, outDir: string): void {
  rmSync(manifestPath(cacheDir, outDir), { force: true });
  rmSync(restPath(cacheDir, outDir), { force: true });
}
