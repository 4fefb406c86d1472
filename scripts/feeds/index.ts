// Atom feeds of changes: the whole archive, each source, each article.
export { feedUpdated, renderAtom, xmlText, type AtomEntry, type AtomFeed } from "./atom.ts";
export {
  ARTICLE_FEED_DIFFS,
  articleChangesFeed,
  changeFeedEntry,
  type FeedEntries,
  globalFeed,
  MAX_BLOCKS_PER_ENTRY,
  sourceChangesFeed,
  filterChangesFeed,
} from "./changes.ts";
export {
  GLOBAL_FEED_SIZE,
  globalFeedChanges,
  SOURCE_FEED_SIZE,
  sourceFeedChanges,
} from "./select.ts";
