// Search: what is indexed (records.ts), how it is split (shards.ts), the bundles themselves
// (index-site.ts), the page (page.ts).
export { indexShards, SearchIndexError, type IndexOptions, type ShardWork } from "./index-site.ts";
export { BUNDLE_PATH, renderSearchPage } from "./page.ts";
export {
  KIND_CURRENT,
  removedParts,
  removedText,
  searchRecordsOf,
  type SearchRecord,
} from "./records.ts";
export {
  SEARCH_ROOT,
  searchBundles,
  searchShardPath,
  searchShards,
  type SearchShard,
} from "./shards.ts";
