// What accountability says about one article's changes and versions, worked out once per
// article and kept on its entry: each change's significance and notices (summaries and pages
// show them), and each paragraph's "since" (version pages). Pure: the entry in, plain data out.
import {
  compileNoticePatterns,
  newNotices,
  provenance,
  significance,
  withoutNotice,
  type Notice,
  type Significance,
} from "../accountability/index.ts";
import type { Change } from "../diff/types.ts";
import type { Article } from "../load/types.ts";
import type { ArticleEntry, ChangeEntry } from "./article.ts";

/** What a change means for a reader. */
export interface ChangeAccount {
  significance: Significance;
  /** Notices the newer version carries that the older did not. */
  notices: Notice[];
  /** Substantive or major and no new notice. */
  withoutNotice: boolean;
}

const accounts = new WeakMap<ChangeEntry<Change>, ChangeAccount>();
const since = new WeakMap<ArticleEntry<Article, Change>, number[][]>();

/** A source's own notice patterns, compiled once (notices of a version are kept by them). */
const compiled = new WeakMap<object, RegExp[]>();
function patternsOf(source: ArticleEntry["source"]): RegExp[] {
  let patterns = compiled.get(source);
  if (!patterns) compiled.set(source, (patterns = compileNoticePatterns(source.notices)));
  return patterns;
}

/** The account of one of the entry's changes (computed once, then remembered). */
export function accountOf(
  entry: ArticleEntry<Article, Change>,
  change: ChangeEntry<Change>,
): ChangeAccount {
  let account = accounts.get(change);
  if (!account) {
    const versions = entry.article.versions;
    const before = versions.find((v) => v.number === change.from)!;
    const after = versions.find((v) => v.number === change.to)!;
    const result = significance(change.change, before, after, {
      language: entry.source.language,
    });
    const notices = newNotices(before, after, patternsOf(entry.source));
    account = {
      significance: result,
      notices,
      withoutNotice: withoutNotice(result.label, notices),
    };
    accounts.set(change, account);
  }
  return account;
}

/** For each version (index 0 is version 1), for each paragraph, the version it stands since. */
export function sinceOf(entry: ArticleEntry<Article, Change>): number[][] {
  let result = since.get(entry);
  if (!result) {
    result = provenance(
      entry.article,
      entry.changes.map((c) => c.change),
    );
    since.set(entry, result);
  }
  return result;
}
