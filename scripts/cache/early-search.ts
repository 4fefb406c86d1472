// An incremental build's search index, started before the site is prepared.
//
// Re-indexing a changed shard is the longest step of a one-version rebuild (Pagefind alone
// took 0.75 s for a shard of about 125 articles), and it needs only that shard's records. Those
// of its unchanged articles are in the search-record cache (search-records.ts) under their
// fingerprints, which the content files' hashes give before anything is loaded; only the
// changed articles are loaded, compared and turned into records here. So Pagefind works in its
// own process while this one imports the build's modules, loads the archive and renders.
//
// Whatever cannot be settled from the inputs alone makes this decline (the build then indexes
// after preparing, as before): a change to anything but article files, a source whose cached
// records are missing, a changed article that does not load cleanly (the build reports it) or
// no longer holds what the build hashed, more changed articles than MAX_FRESH_ARTICLES. The
// build uses the bundles only if the prepared site has exactly these sources to re-index, with
// exactly these articles (build/site.ts).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decodeUtf8, parseArticleFile, parseSourcesFile, SOURCES_FILE } from "../load/index.ts";
import type { Article } from "../load/types.ts";
import { indexShards, type ArticleRecords, type SearchIndexResult } from "../search/index-site.ts";
import { searchRecordsOf, type SearchRecord } from "../search/records.ts";
import { bundleBound, searchShardPath, shardsToIndex } from "../search/shards.ts";
import type { SiteConfig } from "../site/config.ts";
import { buildSiteModel } from "../site/model.ts";
import { precomputeDiffs } from "./diffs.ts";
import {
  articleFingerprint,
  changedArticleFiles,
  contentHash,
  sourceArticleIds,
  type Inputs,
} from "./incremental.ts";
import type { BundleCacheOptions } from "./search-bundles.ts";
import { readSourceRecords, writeSourceRecords } from "./search-records.ts";

/** More changed articles than this, and loading them here would delay the build itself. */
const MAX_FRESH_ARTICLES = 200;

export interface EarlySearch {
  /** Every shard being re-indexed, with its articles in archive order (none: bundle removed). */
  articles: ReadonlyMap<string, readonly string[]>;
  /** When indexing started (performance.now()). */
  startedAt: number;
  /** The bundles written into the staging folder. */
  done: Promise<SearchIndexResult>;
}

export interface EarlySearchOptions {
  root: string;
  contentDir: string;
  cacheDir: string;
  config: SiteConfig;
  previous: Inputs;
  inputs: Inputs;
  /** The build's staging folder: bundles go to its pagefind/<source>/. */
  staging: string;
  /** The bundle cache, as the build uses it. */
  bundles: BundleCacheOptions;
}

export async function startEarlySearch(
  options: EarlySearchOptions,
): Promise<EarlySearch | undefined> {
  const { inputs, cacheDir } = options;
  const changed = changedArticleFiles(options.previous, inputs);
  if (!changed || changed.size === 0) return undefined;

  const articles = new Map<string, string[]>();
  const cached = new Map<string, SearchRecord[]>();
  const fingerprints: Record<string, string> = {};
  const fresh: string[] = [];
  const bound = bundleBound(options.config);
  for (const source of [...changed.keys()].sort()) {
    const edited = changed.get(source)!;
    const { shards, spreadAnew } = shardsToIndex(
      source,
      sourceArticleIds(options.previous, source),
      sourceArticleIds(inputs, source),
      edited,
      bound,
    );
    // A source spread anew over its shards is indexed by the build, from the whole model.
    if (spreadAnew) return undefined;
    for (const [key, own] of shards) {
      articles.set(key, own);
      const stored = await readSourceRecords(cacheDir, key);
      for (const id of own) {
        const fingerprint = (fingerprints[id] = articleFingerprint(inputs, id));
        const entry = stored.get(id);
        if (entry?.fingerprint === fingerprint) cached.set(id, entry.records);
        else if (edited.has(id)) fresh.push(id);
        else return undefined; // an unchanged article the cache does not have: load it all
      }
    }
  }
  if (fresh.length > MAX_FRESH_ARTICLES) return undefined;
  const made = await recordsOf(options, fresh);
  if (!made) return undefined;

  const records = (id: string) => made.get(id) ?? cached.get(id)!;
  const startedAt = performance.now();
  const done = indexShards(
    options.staging,
    [...articles]
      .filter(([, ids]) => ids.length > 0)
      .map(([key, ids]) => ({
        key,
        // Each record carries its source's language.
        lang: records(ids[0]!)[0]!.lang,
        path: searchShardPath(key),
        size: ids.length,
        records: (): ArticleRecords[] => ids.map((id) => [id, records(id)]),
      })),
    {
      indexed: (source, kept) => writeSourceRecords(cacheDir, source, kept, fingerprints),
      bundles: options.bundles,
      threads: true,
    },
  );
  return { articles, startedAt, done };
}

/**
 * The records of a few articles, made as a full build makes them (parsed, compared through the
 * diff cache, placed in a site model of their own). Undefined when one of them has a problem.
 */
async function recordsOf(
  options: EarlySearchOptions,
  ids: readonly string[],
): Promise<Map<string, SearchRecord[]> | undefined> {
  const made = new Map<string, SearchRecord[]>();
  if (ids.length === 0) return made;
  // Each file must still be what the inputs hashed: records are kept under the fingerprint
  // made from that hash, so records of a file edited since then must not be kept under it.
  const text = async (name: string) => {
    const bytes = await readFile(path.join(options.contentDir, ...name.split("/")));
    return contentHash(bytes) === options.inputs.files[name]?.hash ? decodeUtf8(bytes) : undefined;
  };
  const show = (name: string) =>
    path.relative(process.cwd(), path.join(options.contentDir, name)).split(path.sep).join("/");
  try {
    const sourcesText = await text(SOURCES_FILE);
    if (sourcesText === undefined) return undefined;
    const sources = parseSourcesFile(show(SOURCES_FILE), sourcesText);
    if (sources.problems.length > 0) return undefined;
    const loaded: Article[] = [];
    for (const id of ids) {
      const own = await text(`${id}.md`);
      if (own === undefined) return undefined;
      const { article, problems } = parseArticleFile(show(`${id}.md`), own, sources.keys);
      if (!article || problems.length > 0) return undefined;
      loaded.push(article);
    }
    const archive = { sources: sources.sources, articles: loaded };
    const { diff } = await precomputeDiffs(archive, {
      root: options.root,
      cacheDir: options.cacheDir,
    });
    const model = buildSiteModel(archive, options.config, diff);
    for (const id of ids) {
      const entry = model.articles.get(id);
      if (!entry) return undefined;
      made.set(id, searchRecordsOf(entry));
    }
    return made;
  } catch {
    // Unreadable or removed meanwhile, a source missing from the sources file: the build's
    // own loading reports it.
    return undefined;
  }
}
