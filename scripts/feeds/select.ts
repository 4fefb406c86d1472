// Which changes each feed carries, apart from how they are rendered (changes.ts): the build
// asks the same questions to know which entries to read from the store.
import type { ListedChange, SiteModel } from "../site/model.ts";

/** Entries in the whole-archive feed and in each source's feed (newest changes). */
export const GLOBAL_FEED_SIZE = 50;
export const SOURCE_FEED_SIZE = 50;

/** One source's newest changes, newest first, as its feed lists them. */
export function sourceFeedChanges(model: SiteModel, key: string): ListedChange[] {
  const changes: ListedChange[] = [];
  for (const c of model.latestChanges) {
    if (changes.length >= SOURCE_FEED_SIZE) break;
    if (model.articles.get(c.articleId)!.source.key === key) changes.push(c);
  }
  return changes;
}

/** When the newest version was captured (of one source's articles, if given): a feed's date when it has no entries. */
export function newestVersionTime(model: SiteModel, sourceKey?: string): Date {
  const lastSeen = (id: string | undefined) =>
    (id && model.articles.get(id)?.article.versions.at(-1)?.time) || 0;
  // A source lists its articles most recently seen first.
  if (sourceKey !== undefined)
    return new Date(lastSeen(model.sourcesByKey.get(sourceKey)?.articleIds[0]));
  let newest = 0;
  for (const id of model.articles.keys()) newest = Math.max(newest, lastSeen(id));
  return new Date(newest);
}

/** The archive's feed: the newest changes across every source. */
export function globalFeedChanges(model: SiteModel): ListedChange[] {
  return model.latestChanges.slice(0, GLOBAL_FEED_SIZE);
}
