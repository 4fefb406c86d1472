// Headline changes across the archive: the rewrites readers most often want to see.
import {
  CHANGES_PER_PAGE,
  paginate,
  type ChangeEntry,
  type ListPage,
  type SiteModel,
} from "./model.ts";
import { changedFields } from "../diff/summary.ts";
import { headlinesPath } from "./paths.ts";

const cache = new WeakMap<SiteModel, ChangeEntry[]>();

/** Consecutive changes that rewrote the headline, newest first (the home page's order). */
export function headlineChanges(model: SiteModel): ChangeEntry[] {
  let list = cache.get(model);
  if (!list) {
    list = model.latestChanges.filter((c) => changedFields(c.change).includes("headline"));
    cache.set(model, list);
  }
  return list;
}

export function headlinePages(model: SiteModel): ListPage[] {
  return paginate(headlineChanges(model).length, CHANGES_PER_PAGE, headlinesPath);
}
