// Headline changes across the archive: the rewrites readers most often want to see.
import {
  CHANGES_PER_PAGE,
  paginate,
  type ListedChange,
  type ListPage,
  type SiteModel,
} from "./model.ts";
import { headlinesPath } from "./paths.ts";

const cache = new WeakMap<SiteModel, ListedChange[]>();

/** Consecutive changes that rewrote the headline, newest first (the home page's order). */
export function headlineChanges(model: SiteModel): ListedChange[] {
  let list = cache.get(model);
  if (!list) {
    list = model.latestChanges.filter((c) => c.change.fields.some((f) => f.field === "headline"));
    cache.set(model, list);
  }
  return list;
}

export function headlinePages(model: SiteModel): ListPage[] {
  return paginate(headlineChanges(model).length, CHANGES_PER_PAGE, headlinesPath);
}
