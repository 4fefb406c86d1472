// Search: what is indexed (records.ts), the index itself (index-site.ts), the page (page.ts).
export { SearchIndexError, writeSearchIndex, type SearchIndexResult } from "./index-site.ts";
export { BUNDLE_PATH, renderSearchPage } from "./page.ts";
export {
  KIND_CURRENT,
  removedParts,
  removedText,
  searchRecords,
  type SearchRecord,
} from "./records.ts";
