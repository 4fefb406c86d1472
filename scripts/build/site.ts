// The whole build as one function: prepare → render with Eleventy into a fresh folder →
// index for search → check → swap into place. A failure at any step leaves dist/ untouched.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { setPriority } from "node:os";
import path from "node:path";
import { checkSite, listFiles } from "../check-site/index.ts";
import { applyPatch } from "../cache/incremental.ts";
import { SEARCH_ROOT, searchShards, writeSearchIndex } from "../search/index.ts";
import type { BuildCache } from "../cache/build-cache.ts";
import type { EarlySearch } from "../cache/early-search.ts";
import type { SiteConfig } from "../site/config.ts";
import type { SiteModel } from "../site/model.ts";
import { collectGarbage } from "./memory.ts";
import { prepareSite, setPreparedSite, type PreparedSite } from "./prepare.ts";
import { renderSite } from "./shards.ts";
import { isRunning, stagingFolder } from "./staging.ts";

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
  /** Check every link of the finished folder before it is swapped in (default true). */
  checkLinks?: boolean;
  /** Also validate every page's HTML before the swap (slower; `npm run build -- --check`). */
  validateHtml?: boolean;
  /** Caches and incremental rendering (scripts/cache/build-cache.ts); without it all is built afresh. */
  cache?: BuildCache;
  /** Extra work on the finished folder before it is swapped in (checks). */
  finish?: (dir: string, site: PreparedSite) => Promise<void>;
  /**
   * What happens to the previous site once the new one is in place: deleted before the build
   * returns ("wait", the default), or by a separate process that outlives the build
   * ("background": `npm run build` reports success without waiting for tens of thousands of
   * files to be deleted). Either way it has already been moved out of the output folder.
   */
  discard?: "wait" | "background";
  /**
   * The folder to build in (staging.ts; by default a new one): a cached build chooses it
   * before loading this module, to start indexing into it (cache/build-cache.ts).
   */
  staging?: string;
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

  const outDir = path.resolve(options.outDir);
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  const staging = options.staging ?? stagingFolder(outDir);
  const search = options.search ?? true;
  let indexing: Promise<unknown> | undefined;
  try {
    // An incremental build may have begun re-indexing the changed sources into the staging
    // folder before anything was loaded: Pagefind works while this process prepares and renders.
    const started = search ? options.cache?.early : undefined;
    indexing = started?.done.catch(() => {}); // its failure is reported where it is awaited
    const site = await timed("prepare", async () =>
      prepareSite({
        contentDir: options.contentDir,
        config: options.config,
        precompute: options.cache?.precompute,
        load: await options.cache?.loadOptions(),
      }),
    );
    const patch = await options.cache?.select(site);
    // A full build's phases each hold much; a patch's hold little and are over quickly.
    const betweenPhases = patch ? () => {} : collectGarbage;
    betweenPhases();
    const t = site.model.totals;
    log(
      `Loaded and compared ${t.articles} articles, ${t.versions} versions, ${t.changes} changes.`,
    );
    await recoverInterruptedBuilds(outDir);

    setPreparedSite(site);
    const index = () =>
      timed("search", () =>
        writeSearchIndex(staging, site.model, {
          ...(patch ? { shards: patch.shards } : {}),
          ...(options.cache
            ? {
                indexed: options.cache.keepRecords,
                kept: options.cache.keptRecords,
                bundles: options.cache.bundles,
                madeFrom: options.cache.madeFrom,
              }
            : {}),
        }),
      );
    // The bundles started early are used when they are the ones this patch needs, made from
    // the same articles; otherwise they are thrown away once written and indexing starts again.
    const reused =
      started && patch && sameShards(started, patch.shards, site.model)
        ? started.done.then((result) => {
            timings.search = performance.now() - started.startedAt;
            return result;
          })
        : undefined;
    if (started && !reused) {
      log("The search bundles begun ahead are not the ones this build needs: indexing again.");
      await indexing;
      await rm(path.join(staging, SEARCH_ROOT), { recursive: true, force: true });
    }
    // The index is made from the model, not from the rendered files. A patch indexes one or
    // two sources: that runs beside rendering. A full build indexes afterwards, so Pagefind's
    // processes and the render workers never hold their memory at the same time.
    const early = search && patch ? (reused ?? index()) : undefined;
    indexing = early?.catch(() => {}); // its failure is reported where it is awaited, below
    // A patch renders its few list pages without starting Eleventy (list-pages.ts).
    const rendered = await timed("render", () =>
      renderSite({ root: options.root, staging, site, eleventy: !patch }),
    );
    const pages = rendered.count;
    log(`Rendered ${pages} files.`);
    betweenPhases();
    // A full build's index is written now, with the render workers gone. A patch's is still
    // being written: the check reads the rendered pages meanwhile (Pagefind works in its own
    // process) and settles the links into pagefind/ once the bundles are there. (A full
    // build checking beside its index measured no faster, with a larger peak: docs/performance.md.)
    const indexed = search ? (early ?? index()) : undefined;
    const reported = handled(indexed)?.then(({ records, shards, cached }) =>
      log(
        `Indexed ${records} search records in ${shards} bundles` +
          (cached > 0 ? ` (${cached} copied from the cache: their records had not changed).` : "."),
      ),
    );
    if (!early) await reported;
    if (options.finish) await timed("finish", () => options.finish!(staging, site));
    // Checks last, on the folder exactly as it will be published (a patch: beside the files
    // of the current site it keeps). Listed once: the check needs every file as a target,
    // and the manifest records them.
    const listed = handled(reported ? reported.then(() => listFiles(staging)) : listFiles(staging));
    if (options.checkLinks ?? true) {
      const written = new Set(rendered.files);
      const inSearch = (file: string) => file.startsWith(SEARCH_ROOT);
      await timed("check", async () =>
        checkSite(staging, {
          ...(early
            ? {
                files: await listFiles(staging, SEARCH_ROOT),
                pending: {
                  prefix: SEARCH_ROOT,
                  files: handled(listed.then((l) => l.filter(inSearch))),
                },
              }
            : { files: await listed }),
          root: options.root,
          config: options.config,
          validate: options.validateHtml ?? false,
          // Without a search index, the search page's links to it are expected to be missing.
          absent: (options.search ?? true) ? [] : [SEARCH_ROOT],
          // The articles' files were read as they were written; what is left is what Eleventy
          // wrote. Kept files passed when they were first written.
          read: (file) => !written.has(file),
          references: rendered.references,
          problems: rendered.problems,
          ...(patch ? { beside: { dir: outDir, files: patch.kept } } : {}),
        }),
      );
      log(
        options.validateHtml
          ? "Checked every link and validated every page."
          : "Checked every link.",
      );
    }
    const staged = await listed;
    if (patch) {
      await options.cache!.forget();
      // What is left in the staging folder (the replaced search bundles) goes as a replaced
      // site does; it is small enough to go unmentioned.
      await timed("publish", async () => {
        await applyPatch(staging, outDir, staged, patch);
        await discard(staging, options.discard ?? "wait");
      });
      await options.cache!.record(outDir, staged, patch);
    } else {
      const discarded = await timed("swap", () =>
        swapInto(staging, outDir, options.discard ?? "wait"),
      );
      if (discarded) {
        log(`The previous site is being deleted in the background (${path.basename(discarded)}).`);
      }
      await options.cache?.record(outDir, staged);
    }
    log(`Site written to ${path.relative(process.cwd(), outDir) || "."}.`);
    return { site, pages, timings };
  } catch (error) {
    // Pagefind may still be writing into the folder when rendering failed.
    await indexing;
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    setPreparedSite(undefined);
  }
}

/**
 * The promise, marked as handled: when a patch's check fails first, a failure of the index
 * still being written behind it must not also end the process as an unhandled rejection
 * (the build's error is the check's; the index is awaited before the staging folder goes).
 */
function handled<T>(promise: Promise<T>): Promise<T>;
function handled<T>(promise: Promise<T> | undefined): Promise<T> | undefined;
function handled<T>(promise: Promise<T> | undefined): Promise<T> | undefined {
  promise?.catch(() => {});
  return promise;
}

/**
 * Whether bundles started before the site was prepared are the ones a patch needs: the same
 * shards, each with the articles the prepared site has for it, in its order.
 */
function sameShards(early: EarlySearch, shardKeys: ReadonlySet<string>, model: SiteModel): boolean {
  if (early.articles.size !== shardKeys.size) return false;
  const shards = new Map(searchShards(model).map((s) => [s.key, s.entries.map((e) => e.id)]));
  for (const key of shardKeys) {
    const ids = early.articles.get(key);
    const expected = shards.get(key) ?? [];
    if (!ids || ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
      return false;
    }
  }
  return true;
}

/**
 * Replaces outDir with the finished folder; the previous site stays whole until the last
 * moment. Returns the folder of the previous site when it is being deleted in the background.
 */
async function swapInto(
  staging: string,
  outDir: string,
  mode: "wait" | "background",
): Promise<string | undefined> {
  const old = `${staging}${PREVIOUS}`;
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, old);
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(old, outDir);
    throw error;
  }
  if (!hadPrevious) return undefined;
  return discard(old, mode, staging);
}

/**
 * Deletes a folder that is no longer part of the site, now ("wait") or by a process of its
 * own ("background"; the folder is returned). It is first renamed after the build's staging
 * folder (by default, the folder itself) with DISCARDED: a folder being deleted is never put
 * back as the site (recoverInterruptedBuilds restores only a "-previous" folder, and deletes
 * this one).
 */
async function discard(
  dir: string,
  mode: "wait" | "background",
  staging = dir,
): Promise<string | undefined> {
  const discarded = `${staging}${DISCARDED}`;
  await rename(dir, discarded);
  if (mode === "wait") {
    await rm(discarded, { recursive: true, force: true });
    return undefined;
  }
  deleteInBackground(discarded);
  return discarded;
}

/** Suffix of the previous site while the new one is moved in; put back if a build dies there. */
const PREVIOUS = "-previous";
/** Suffix of a previous site that has been replaced: only ever deleted. */
const DISCARDED = "-discarded";

/**
 * Beside a folder being deleted in the background, a file holding the id of the process
 * deleting it ("<folder>.deleting"), so that builds run meanwhile leave the deletion to it.
 */
const DELETING = ".deleting";

/** The nice value of a process deleting a folder in the background (0 is the default). */
const DELETING_PRIORITY = 10;

/**
 * Deletes a folder from a process of its own that outlives this one. Deleting a large site
 * takes long on some disks (a minute or more for 98,000 files here); if that process dies, the
 * next build's recoverInterruptedBuilds finishes the job. While it is alive, no other build
 * starts a second deletion of the same folder: every build run in those minutes used to, and
 * the processes deleting side by side slowed those builds (one-version rebuilds of
 * newsroom-10k run one after another after a full build took 7.1, 8.3, 9.7 and 12.0 s, with
 * six processes deleting the same site).
 */
function deleteInBackground(dir: string): void {
  if (deletionUnderWay(dir)) return;
  const marker = `${dir}${DELETING}`;
  const child = spawn(
    process.execPath,
    [
      "-e",
      // The marker goes last, and only if it still names this process.
      `const fs = require("node:fs");
       const [dir, marker] = process.argv.slice(1);
       fs.rmSync(dir, { recursive: true, force: true });
       try { if (fs.readFileSync(marker, "utf8") === String(process.pid)) fs.rmSync(marker); } catch {}`,
      dir,
      marker,
    ],
    { detached: true, stdio: "ignore" },
  );
  child.on("error", () => {}); // left for the next build to remove
  if (child.pid !== undefined) {
    // Second to builds: it starts while this one records itself, and may outlast it into the
    // next one (a large site takes a minute or more).
    try {
      setPriority(child.pid, DELETING_PRIORITY);
    } catch {
      // Not allowed here, or already done: it deletes at the build's priority.
    }
    try {
      writeFileSync(marker, String(child.pid));
    } catch {
      // Unmarked, the deletion may be started twice: slower, never wrong.
    }
  }
  child.unref();
}

/**
 * Whether a process named beside the folder is deleting it now: running, and (where the
 * system tells, Linux) given this folder to delete, so that a number reused by another
 * process since is not taken for the deletion.
 */
function deletionUnderWay(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(`${dir}${DELETING}`, "utf8"));
  } catch {
    return false; // no marker: nobody is deleting it
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dir);
  } catch {
    return process.platform !== "linux"; // elsewhere the number is all there is
  }
}

/**
 * Cleans up after builds that were killed: if one was killed between the two renames of the
 * swap (outDir moved aside, new site not yet in place), the previous site is put back; every
 * other folder they left is deleted in the background. Folders of builds still running are
 * left alone, except replaced sites, which are deleted whoever left them.
 */
export async function recoverInterruptedBuilds(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  const pattern = new RegExp(
    `^\\.${escapeRegExp(path.basename(outDir))}-building-(\\d+)-[0-9a-f]+(${PREVIOUS}|${DISCARDED})?$`,
  );
  const names = await readdir(parent);
  // A deletion that ended without removing its marker (its process was killed at the end).
  for (const name of names) {
    if (!name.endsWith(DELETING)) continue;
    const folder = name.slice(0, -DELETING.length);
    if (pattern.test(folder) && !names.includes(folder)) {
      await rm(path.join(parent, name), { force: true });
    }
  }
  const leftovers = names.flatMap((name) => {
    const match = pattern.exec(name);
    if (!match) return [];
    const kind = match[2] === PREVIOUS ? "previous" : match[2] ? "discarded" : "staging";
    // A replaced site is deleted whoever left it (its deleting process may have died).
    if (kind !== "discarded" && isRunning(Number(match[1]))) return [];
    return [{ dir: path.join(parent, name), kind }];
  });
  for (const previous of leftovers.filter((l) => l.kind === "previous")) {
    if (!existsSync(outDir)) await rename(previous.dir, outDir);
  }
  // Everything else is deleted in the background, as a replaced site is: a killed build's
  // staging folder can hold most of a site, and this build need not wait for it. A replaced
  // site may still be being deleted by its own process; two deletions side by side are harmless.
  for (const { dir, kind } of leftovers) {
    if (kind === "discarded") deleteInBackground(dir);
    else if (existsSync(dir)) {
      // A "-previous" folder still here was not put back above (a site is in place).
      const staging = kind === "previous" ? dir.slice(0, -PREVIOUS.length) : dir;
      await discard(dir, "background", staging).catch(() =>
        // A folder of that name is there already (left by the same build): deleted here.
        rm(dir, { recursive: true, force: true }),
      );
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
