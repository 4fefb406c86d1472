// The whole build as one function: prepare → render with Eleventy into a fresh folder →
// index for search → check → swap into place. A failure at any step leaves dist/ untouched.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { writeSearchIndex } from "../search/index.ts";
import type { SiteConfig } from "../site/config.ts";
import { prepareSite, setPreparedSite, type PreparedSite } from "./prepare.ts";

export interface BuildOptions {
  /** Project root: where .eleventy.ts and templates/ live. */
  root: string;
  contentDir: string;
  outDir: string;
  config: SiteConfig;
  /** Called with a line of progress for people watching. */
  log?: (line: string) => void;
  /** Index the site for search (default true); tests of other parts may skip it to save time. */
  search?: boolean;
  /** Extra work on the finished folder before it is swapped in (checks). */
  finish?: (dir: string, site: PreparedSite) => Promise<void>;
}

export interface BuildResult {
  site: PreparedSite;
  pages: number;
  timings: Record<string, number>;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[name] = performance.now() - start;
    return result;
  };

  const site = await timed("prepare", () =>
    prepareSite({ contentDir: options.contentDir, config: options.config }),
  );
  const t = site.model.totals;
  log(`Loaded and compared ${t.articles} articles, ${t.versions} versions, ${t.changes} changes.`);

  const outDir = path.resolve(options.outDir);
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  // A sibling folder, so the final rename stays on one file system.
  const staging = path.join(
    parent,
    `.${path.basename(outDir)}-building-${randomBytes(4).toString("hex")}`,
  );
  try {
    setPreparedSite(site);
    const pages = await timed("render", async () => {
      const eleventy = new Eleventy(path.join(options.root, "templates"), staging, {
        configPath: path.join(options.root, ".eleventy.ts"),
        quietMode: true,
      });
      await eleventy.init();
      const written = (await eleventy.write()) as unknown;
      return countWritten(written);
    });
    log(`Rendered ${pages} files.`);
    if (options.search ?? true) {
      const indexed = await timed("search", () => writeSearchIndex(staging, site.model));
      log(`Indexed ${indexed.records} search records in ${indexed.languages.join(", ")}.`);
    }
    if (options.finish) await timed("finish", () => options.finish!(staging, site));
    await timed("swap", () => swapInto(staging, outDir));
    log(`Site written to ${path.relative(process.cwd(), outDir) || "."}.`);
    return { site, pages, timings };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    setPreparedSite(undefined);
  }
}

/** Eleventy's write() resolves with [passthrough results, template results]. */
function countWritten(written: unknown): number {
  if (Array.isArray(written) && Array.isArray(written[1])) return written[1].length;
  return 0;
}

/** Replaces outDir with the finished folder; the previous site stays whole until the last moment. */
async function swapInto(staging: string, outDir: string): Promise<void> {
  const old = `${staging}-previous`;
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, old);
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(old, outDir);
    throw error;
  }
  if (hadPrevious) await rm(old, { recursive: true, force: true });
}
