// The index stage: one Pagefind bundle per search shard (a source, or a part of a large one:
// scripts/search/shards.ts). A bundle is made from its articles' records alone, so it is
// keyed in the store by their keys: a bundle whose articles did not change is kept (a patch)
// or copied from the store (a full build), and only the others are indexed, from the records
// each article's store entry holds.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { listFiles } from "../check-site/index.ts";
import { indexShards, type ShardWork } from "../search/index-site.ts";
import { SEARCH_ROOT, searchShards } from "../search/shards.ts";
import type { SiteModel } from "../site/model.ts";
import { ARTICLE, BUNDLE } from "./entries.ts";
import { hashOf } from "./hash.ts";
import type { Store } from "./store.ts";

export interface BundleRecord {
  key: string;
  /** Files of the bundle, relative to the site. */
  files: string[];
}

export interface SearchStage {
  /** Every bundle of the site now, by shard key. */
  bundles: Record<string, BundleRecord>;
  /** Bundle folders written into the output folder (site-relative, "pagefind/<shard>/"). */
  written: string[];
  indexed: number;
  copied: number;
}

export async function indexSearch(options: {
  model: SiteModel;
  store: Store;
  code: string;
  /** The folder the bundles are written into (the staging folder). */
  outDir: string;
  /** The bundles the output folder already holds (a patch): kept when their key is the same. */
  previous?: Readonly<Record<string, BundleRecord>>;
  /** Only these shards (a build shard's). */
  only?: (shardKey: string) => boolean;
  /** Each article's search shard, when the model holds only part of its source (a build shard). */
  shardOf?: ReadonlyMap<string, string>;
  concurrency?: number;
  /** Shows how many bundles are indexed (scripts/terminal.ts `progress`). */
  progress?: (
    label: string,
    total: number,
  ) => { tick(n?: number): void; done(summary?: string): void };
}): Promise<SearchStage> {
  const { model, store } = options;
  const bundles: Record<string, BundleRecord> = {};
  const written: string[] = [];
  const work: ShardWork[] = [];
  let copied = 0;
  for (const shard of searchShards(model, options.shardOf)) {
    if (options.only && !options.only(shard.key)) continue;
    const keys = shard.articleIds.map((id) => model.articles.get(id)!.key);
    const key = hashOf("bundle", options.code, shard.key, shard.lang, ...keys);
    const previous = options.previous?.[shard.key];
    if (previous?.key === key) {
      bundles[shard.key] = previous;
      continue;
    }
    written.push(shard.path);
    const outputPath = path.join(options.outDir, shard.path);
    const stored = store.read(BUNDLE, key);
    if (stored) {
      stored.data.files.forEach((file, i) => {
        const target = path.join(outputPath, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, stored.blobs[i]!);
      });
      bundles[shard.key] = { key, files: stored.data.files.map((f) => `${shard.path}${f}`) };
      copied++;
      continue;
    }
    work.push({
      key: shard.key,
      outputPath,
      records: () =>
        keys.flatMap((articleKey, i) => {
          const data = store.readData(ARTICLE, articleKey);
          if (!data)
            throw new Error(
              `The search records of ${shard.articleIds[i]} are missing from the store.`,
            );
          return data.records;
        }),
    });
    bundles[shard.key] = { key, files: [] };
  }
  const shown = work.length > 0 ? options.progress?.("Search bundles", work.length) : undefined;
  const indexed = await indexShards(work, {
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    written: async (shard, records) => {
      shown?.tick();
      const files = await listFiles(shard.outputPath);
      const record = bundles[shard.key]!;
      const folder = `${SEARCH_ROOT}${shard.key}/`;
      record.files = files.map((f) => `${folder}${f}`);
      store.write(
        BUNDLE,
        record.key,
        { files, records },
        files.map((f) => readFileSync(path.join(shard.outputPath, f))),
      );
    },
  });
  shown?.done();
  return { bundles, written, indexed, copied };
}
