// Incremental builds: the build's own change detection (Eleventy's --incremental does not
// work for one-off builds with JavaScript templates).
//
// After each build a manifest in the cache folder records what went in (a hash of the code,
// the site settings, and every content file) and what came out (which files of dist/ belong
// to which article). The next build compares:
//   - nothing changed, and dist/ is the folder that build left → nothing to do;
//   - code or settings changed, or no usable manifest → a full build;
//   - otherwise only the changed articles' pages are rendered (plus every page that lists
//     articles: home, sources, feeds, sitemap), and every other article's files are hard-linked
//     from the previous dist/ into the new folder. The previous dist/ is never written to, so a
//     failed build still leaves it whole, and the result is byte-identical to a full build.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { link, mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SiteConfig } from "../site/config.ts";
import type { SiteModel } from "../site/model.ts";
import type { SitePages } from "../site/pages.ts";
import { codeHash, hashOf } from "./hash.ts";

/** The pages that belong to one article: rendered only when that article changed. */
export interface ArticlePages {
  article: SitePages["article"];
  change: SitePages["change"];
  version: SitePages["version"];
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface Inputs {
  code: string;
  config: string;
  /** Content files, relative to the content folder with "/" separators. */
  files: Record<string, FileStamp>;
}

export interface Manifest {
  format: typeof FORMAT;
  inputs: Inputs;
  /** Article id → fingerprint of everything its pages are made from. */
  articles: Record<string, string>;
  /** Article id → its files in dist/, site-relative. */
  owned: Record<string, string[]>;
  /** Hash of dist/'s home page and sitemap, to notice a dist/ that another build replaced. */
  stamp: string;
}

const FORMAT = 1;

/**
 * Code whose changes can change any page: the build's modules, the templates and the locked
 * dependencies. Other commands (scripts/import.ts, …) and the benchmark are left out, so
 * editing them does not force a full build.
 */
export async function siteCodeHash(root: string): Promise<string> {
  const folders = (await readdir(path.join(root, "scripts"), { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name !== "bench")
    .map((e) => `scripts/${e.name}`);
  return codeHash(root, [
    ...folders,
    "scripts/build.ts",
    "templates",
    ".eleventy.ts",
    "package-lock.json",
  ]);
}

/** One manifest per output folder, so building two folders from one checkout does not mix them. */
export function manifestPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, "builds", `${hashOf(path.resolve(outDir)).slice(0, 16)}.json`);
}

export async function readManifest(
  cacheDir: string,
  outDir: string,
): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath(cacheDir, outDir), "utf8")) as Manifest;
    return manifest.format === FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export async function writeManifest(
  cacheDir: string,
  outDir: string,
  manifest: Manifest,
): Promise<void> {
  const file = manifestPath(cacheDir, outDir);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(manifest));
  await rename(temporary, file);
}

/**
 * Hashes every content file. A file whose size and modification time match the previous
 * manifest keeps its recorded hash (as git's index does), so an unchanged archive is not read.
 */
export async function readInputs(
  root: string,
  contentDir: string,
  config: SiteConfig,
  previous: Inputs | undefined,
): Promise<Inputs> {
  const files: Record<string, FileStamp> = {};
  const entries = (await readdir(contentDir, { recursive: true, withFileTypes: true })).filter(
    (e) => e.isFile(),
  );
  // In batches: opening every file of a 100k-article archive at once exhausts file descriptors.
  for (let i = 0; i < entries.length; i += 256) {
    await Promise.all(
      entries.slice(i, i + 256).map(async (e) => {
        const full = path.join(e.parentPath, e.name);
        const name = path.relative(contentDir, full).split(path.sep).join("/");
        const info = await stat(full);
        const before = previous?.files[name];
        files[name] =
          before && before.size === info.size && before.mtimeMs === info.mtimeMs
            ? before
            : {
                size: info.size,
                mtimeMs: info.mtimeMs,
                hash: createHash("sha256")
                  .update(await readFile(full))
                  .digest("hex"),
              };
      }),
    );
  }
  const sorted: Record<string, FileStamp> = {};
  for (const name of Object.keys(files).sort()) sorted[name] = files[name]!;
  return {
    code: await siteCodeHash(root),
    config: hashOf(JSON.stringify(config)),
    files: sorted,
  };
}

function sameFiles(a: Inputs, b: Inputs): boolean {
  const names = Object.keys(a.files);
  if (names.length !== Object.keys(b.files).length) return false;
  return names.every((name) => a.files[name]!.hash === b.files[name]?.hash);
}

/** dist/ as a build left it: its home page and sitemap hash to what the manifest recorded. */
export async function distStamp(outDir: string): Promise<string | undefined> {
  try {
    return hashOf(
      await readFile(path.join(outDir, "index.html")),
      await readFile(path.join(outDir, "sitemap.xml")),
    );
  } catch {
    return undefined;
  }
}

export type Plan =
  | { kind: "up-to-date" }
  | { kind: "full"; reason: string }
  | { kind: "incremental"; previous: Manifest };

export async function planBuild(
  previous: Manifest | undefined,
  inputs: Inputs,
  outDir: string,
): Promise<Plan> {
  if (!previous) return { kind: "full", reason: "no earlier build recorded" };
  if (previous.inputs.code !== inputs.code) return { kind: "full", reason: "the code changed" };
  if (previous.inputs.config !== inputs.config) {
    return { kind: "full", reason: "the site settings changed" };
  }
  if (!existsSync(outDir) || (await distStamp(outDir)) !== previous.stamp) {
    return { kind: "full", reason: "the output folder is not the one the last build wrote" };
  }
  if (sameFiles(previous.inputs, inputs)) return { kind: "up-to-date" };
  return { kind: "incremental", previous };
}

/**
 * What an article's pages are made from: its own file, the sources file (its source's name
 * and language), the code and the settings. Nothing else reaches them.
 */
export function articleFingerprints(model: SiteModel, inputs: Inputs): Record<string, string> {
  const sources = inputs.files["sources.yaml"]?.hash ?? "";
  const out: Record<string, string> = {};
  for (const id of model.articles.keys()) {
    out[id] = hashOf(inputs.code, inputs.config, sources, inputs.files[`${id}.md`]?.hash ?? "");
  }
  return out;
}

/** The articles whose pages must be rendered again. */
export function changedArticles(
  fingerprints: Record<string, string>,
  previous: Manifest,
): Set<string> {
  const changed = new Set<string>();
  for (const [id, fingerprint] of Object.entries(fingerprints)) {
    if (previous.articles[id] !== fingerprint || !previous.owned[id]) changed.add(id);
  }
  return changed;
}

export function pagesOf(pages: SitePages, articles: ReadonlySet<string>): ArticlePages {
  const owner = (path: string) => path.split("/").slice(0, 2).join("/");
  return {
    article: pages.article.filter((p) => articles.has(p.id)),
    change: pages.change.filter((p) => articles.has(owner(p.path))),
    version: pages.version.filter((p) => articles.has(p.articleId)),
  };
}

/** Hard-links the unchanged articles' files from the previous dist/ into the new folder. */
export async function carryOver(
  previous: Manifest,
  unchanged: Iterable<string>,
  outDir: string,
  staging: string,
): Promise<number> {
  const files: string[] = [];
  for (const id of unchanged) files.push(...(previous.owned[id] ?? []));
  const dirs = new Set(files.map((f) => path.dirname(f)));
  // Parents before children; mkdir of an existing folder is a no-op.
  for (const dir of [...dirs].sort()) await mkdir(path.join(staging, dir), { recursive: true });
  const BATCH = 256;
  for (let i = 0; i < files.length; i += BATCH) {
    await Promise.all(
      files.slice(i, i + BATCH).map((f) => link(path.join(outDir, f), path.join(staging, f))),
    );
  }
  return files.length;
}

/** Every file under `dir`, site-relative with "/" separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/** Every file of the finished folder, grouped by the article it belongs to (by its path). */
export async function ownedFiles(
  dir: string,
  articleIds: ReadonlySet<string>,
): Promise<Record<string, string[]>> {
  const owned: Record<string, string[]> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/");
    const parts = file.split("/");
    if (parts.length < 3) continue;
    const id = `${parts[0]}/${parts[1]}`;
    if (articleIds.has(id)) (owned[id] ??= []).push(file);
  }
  for (const list of Object.values(owned)) list.sort();
  return owned;
}
