// The parsed-article cache: reading YAML and validating it is most of the cost of loading a
// large archive, and an article file that has not changed parses to the same article. Keyed by
// a hash of the file's path and text, the described sources, and the loader's own code.
import path from "node:path";
import type { parseArticleFile } from "../load/article.ts";
import type { Article } from "../load/types.ts";
import { codeHash, hashOf } from "./hash.ts";
import { PackStore } from "./packs.ts";
import type { CacheStats } from "./diff-cache.ts";

/** Code that decides what a file parses to: editing it empties the article cache. */
export const LOADER_CODE = [
  "scripts/load",
  "node_modules/yaml/package.json",
  "node_modules/zod/package.json",
  "node_modules/gray-matter/package.json",
];

export type ParseArticle = typeof parseArticleFile;

export interface ArticleCache {
  parse: ParseArticle;
  stats: CacheStats;
  save(): Promise<void>;
}

export async function openArticleCache(
  root: string,
  cacheDir: string,
  parse: ParseArticle,
): Promise<ArticleCache> {
  const loader = await codeHash(root, LOADER_CODE);
  const store = await PackStore.open<Article>(path.join(cacheDir, "articles", loader.slice(0, 16)));
  const stats: CacheStats = { hits: 0, misses: 0 };
  return {
    stats,
    parse(file, text, sources) {
      const key = hashOf(file, text, sources ? [...sources].sort().join(",") : "\u0000");
      const cached = store.get(key);
      if (cached) {
        stats.hits++;
        return { article: cached, problems: [] };
      }
      stats.misses++;
      const result = parse(file, text, sources);
      // Only clean articles are kept: a file with problems is reported afresh every time.
      if (result.article && result.problems.length === 0) store.set(key, result.article);
      return result;
    },
    save: () => store.save(true),
  };
}
