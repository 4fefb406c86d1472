// Writing one batch of articles' files into the site folder, in a worker thread or on the
// main thread for small archives. Kept apart from shards.ts so that worker threads load only
// the renderers, not Eleventy.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LinkLedger, type LinkReference, type SiteProblem } from "../check-site/links.ts";
import type { PortableChange } from "../cache/diff-cache.ts";
import type { Article, Source } from "../load/types.ts";
import type { SiteConfig } from "../site/config.ts";
import type { SiteModel } from "../site/model.ts";
import { articleFiles } from "./article-files.ts";

/** What one batch needs: its articles, their changes, and what every page shows. */
export interface BatchJob {
  /** The site folder the files are written into. */
  dir: string;
  config: SiteConfig;
  sources: Source[];
  articles: Article[];
  /** Posted in portable form: blocks this thread never read are not parsed to be posted. */
  changes: [string, PortableChange][];
}

/** What writing some articles' files left: the files, and their links still to be settled. */
export interface WrittenArticles {
  /** Site-relative names of the files written. */
  files: string[];
  /** Links to files outside these articles, one per distinct target. */
  references: LinkReference[];
  problems: SiteProblem[];
}

/**
 * Writes every file of the given articles into `dir` and reads their links. Writes are
 * synchronous: this runs in worker threads, where blocking costs nothing and saves the
 * round trips of asynchronous file handles (three per file).
 */
export async function writeArticles(
  model: SiteModel,
  ids: Iterable<string>,
  dir: string,
): Promise<WrittenArticles> {
  const ledger = new LinkLedger(model.config);
  const files: string[] = [];
  const folders = new Set<string>();
  for (const id of ids) {
    const rendered = articleFiles(model, id);
    for (const { file } of rendered) {
      const folder = path.dirname(path.join(dir, file));
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
    }
    for (const f of rendered) {
      writeFileSync(path.join(dir, f.file), f.content);
      files.push(f.file);
      if (f.file.endsWith(".html") || f.file.endsWith(".xml")) ledger.scan(f.file, f.content);
    }
  }
  const written = new Set(files);
  await ledger.settle((file) => written.has(file));
  return { files, references: ledger.open(), problems: ledger.problems };
}
