// Atom feeds of changes: the whole archive, each source, each article.
export { feedUpdated, renderAtom, xmlText, type AtomEntry, type AtomFeed } from "./atom.ts";
export {
  ARTICLE_FEED_DIFFS,
  articleChangesFeed,
  changeEntry,
  globalFeed,
  GLOBAL_FEED_SIZE,
  MAX_BLOCKS_PER_ENTRY,
  sourceChangesFeed,
  SOURCE_FEED_SIZE,
} from "./changes.ts";
