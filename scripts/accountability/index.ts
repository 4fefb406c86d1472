// Accountability: what a change means for a reader — how much it matters, whether the outlet
// said so, how long each paragraph has stood, the outlet's record, and how to cite a version.
// Pure functions over the loader's Article/Version and the diff's Change (canonical text and
// TimeMaps are plain strings; only versionSha256 uses Node's crypto).

export {
  significance,
  labelOf,
  WEIGHTS,
  WORDS_FULL,
  FLOOR,
  THRESHOLDS,
  MINOR_REASON,
  REWRITTEN,
  PARTLY_CHANGED,
} from "./significance.ts";
export { figuresOf, quotationsOf, namesOf } from "./significance.ts";
export type { Significance, SignificanceLabel, SignificanceOptions } from "./significance.ts";
export {
  detectNotices,
  newNotices,
  withoutNotice,
  compileNoticePatterns,
  noticeKey,
  sentences,
  ENGLISH_NOTICES,
  NOTICE_EXPECTED,
  WITHOUT_NOTICE_TEXT,
} from "./notices.ts";
export type { Notice, NoticeKind } from "./notices.ts";
export { provenance, paragraphOrigins, keepsOrigin } from "./provenance.ts";
export type { ParagraphOrigin } from "./provenance.ts";
export {
  statistics,
  StatisticsAccumulator,
  CHANGE_COUNT_BUCKETS,
  DELAY_BUCKETS,
  WEEKDAYS,
} from "./statistics.ts";
export type { ArticleStatsInput, ChangeSummary, Stats, Bucket } from "./statistics.ts";
export { canonicalText, checkCommand, jsonlCheckCommand, CANONICAL_JQ } from "./canonical.ts";
export { versionSha256 } from "./hash.ts";
export { citation, bibtexEscape, bibtexUrl } from "./citation.ts";
export type { Citation, CitationInput } from "./citation.ts";
export { timemap, mementoDatetime, TIMEMAP_TYPE } from "./memento.ts";
export type { Memento, TimemapOptions } from "./memento.ts";
