// Writes the Pagefind bundles for a built site, one per source (shards.ts). Pagefind's Node API
// reports problems in an `errors` array instead of throwing; every response is checked, and any
// error fails the build.
import { rm } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import type { SiteModel } from "../site/model.ts";
import { searchRecordsOf } from "./records.ts";
import { SEARCH_ROOT, searchShardPath, searchShards, type SearchShard } from "./shards.ts";

/** Indexing failed; the build stops and the previous site stays in place. */
export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

function check(step: string, errors: readonly string[]): void {
  if (errors.length === 0) return;
  throw new SearchIndexError(
    `Pagefind could not build the search index (${step}):\n${errors.map((e) => `  - ${e}`).join("\n")}\n` +
      "The site was not replaced. If the message names a page, check that page's content; " +
      "otherwise reinstall dependencies (npm ci) so the pagefind binary matches this machine.",
  );
}

/** Records sent to Pagefind at once: enough to keep its service busy without queueing all of them. */
const BATCH = 32;

/**
 * Shards indexed at the same time. Pagefind runs one service process for all indexes, and
 * it handles one request at a time, so a second shard in flight only overlaps this process's
 * work (building records, encoding them) with Pagefind's; docs/search.md has the measurements.
 */
const SHARDS_AT_ONCE = 2;

export interface SearchIndexOptions {
  /**
   * Index only these sources' shards, leaving every other shard in `siteDir` as it is (an
   * incremental build copies them from the previous site). A listed source that no longer has
   * articles loses its shard. Without it, every source is indexed and `pagefind/` is rewritten.
   */
  sources?: ReadonlySet<string>;
  /** Shards indexed at the same time (default 2); for measuring, see docs/search.md. */
  concurrency?: number;
}

export interface SearchIndexResult {
  records: number;
  /** Languages indexed, as Pagefind split them. */
  languages: string[];
  /** Bundles written, one per source indexed. */
  shards: number;
}

async function indexShard(siteDir: string, shard: SearchShard): Promise<number> {
  const created = await pagefind.createIndex({});
  check(`starting the indexer for ${shard.key}`, created.errors);
  const index = created.index;
  if (!index) throw new SearchIndexError("Pagefind started but returned no index, and no error.");
  try {
    // Built per batch, so only one shard's batch of record HTML is held at a time.
    let records = 0;
    let batch: { url: string; html: string }[] = [];
    const send = async () => {
      const responses = await Promise.all(
        batch.map((r) => index.addHTMLFile({ url: r.url, content: r.html })),
      );
      responses.forEach((response, i) => check(`indexing ${batch[i]!.url}`, response.errors));
      records += batch.length;
      batch = [];
    };
    for (const entry of shard.entries) {
      batch.push(...searchRecordsOf(entry));
      if (batch.length >= BATCH) await send();
    }
    if (batch.length > 0) await send();
    const outputPath = path.join(siteDir, shard.path);
    // Fragment files are named by content hash: without this, a re-indexed shard keeps its old ones.
    await rm(outputPath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath });
    check(`writing the index files of ${shard.key}`, written.errors);
    return records;
  } finally {
    // Frees the shard's index in Pagefind's process, so its memory is bounded by one shard.
    await index.deleteIndex();
  }
}

export async function writeSearchIndex(
  siteDir: string,
  model: SiteModel,
  options: SearchIndexOptions = {},
): Promise<SearchIndexResult> {
  const all = searchShards(model);
  const only = options.sources;
  const shards = only ? all.filter((s) => only.has(s.key)) : all;
  if (only) {
    // A listed source without articles (or no longer in the archive) must not keep a stale bundle.
    const kept = new Set(shards.map((s) => s.key));
    for (const key of only) {
      if (!kept.has(key))
        await rm(path.join(siteDir, searchShardPath(key)), { recursive: true, force: true });
    }
  } else {
    await rm(path.join(siteDir, SEARCH_ROOT), { recursive: true, force: true });
  }

  let records = 0;
  let next = 0;
  let failed = false;
  // A small pool: each worker takes the next shard until none are left or one has failed.
  const worker = async () => {
    while (!failed && next < shards.length) {
      const shard = shards[next++]!;
      try {
        // Awaited first: `records += await …` would read `records` before another worker adds to it.
        const indexed = await indexShard(siteDir, shard);
        records += indexed;
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  try {
    const outcomes = await Promise.allSettled(
      Array.from(
        { length: Math.max(1, Math.min(options.concurrency ?? SHARDS_AT_ONCE, shards.length)) },
        worker,
      ),
    );
    const rejected = outcomes.find((o) => o.status === "rejected");
    if (rejected) throw rejected.reason;
  } finally {
    // Stops Pagefind's background process so the build's own process can exit.
    await pagefind.close();
  }
  return {
    records,
    languages: [...new Set(shards.map((s) => s.lang))].sort(),
    shards: shards.length,
  };
}
