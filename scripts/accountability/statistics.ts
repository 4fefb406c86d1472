// An outlet's record over many articles, from plain per-article summaries (no text), so the
// same code covers a handful of articles or a hundred thousand.

import type { SignificanceLabel } from "./significance.ts";

/** What statistics needs to know about one change. */
export interface ChangeSummary {
  /** When the newer version was captured (ms since the epoch). */
  time: number;
  headlineChanged: boolean;
  label: SignificanceLabel;
  /** The newer version carries a notice the older one did not (newNotices). */
  notice: boolean;
  /** Substantive or major and no new notice (withoutNotice). */
  withoutNotice: boolean;
}

/** What statistics needs to know about one article: its first capture and its changes. */
export interface ArticleStatsInput {
  /** ms since the epoch. */
  firstCapture: number;
  /** Between neighbouring versions, oldest first. */
  changes: readonly ChangeSummary[];
}

export interface Bucket {
  /** "0", "3–5", "under 1 hour", … */
  label: string;
  count: number;
}

export interface Stats {
  articles: number;
  /** Articles with at least one change. */
  changedArticles: number;
  /** changedArticles / articles (0 when there are no articles). */
  changedShare: number;
  changes: number;
  changesPerArticle: { median: number; buckets: Bucket[] };
  /** From the first capture to the first change, over changed articles; median null when none. */
  timeToFirstChange: { medianMs: number | null; buckets: Bucket[] };
  /** Shares of all changes (0 when there are none). */
  headlineShare: number;
  substantiveShare: number;
  noticeShare: number;
  withoutNoticeShare: number;
  labels: Record<SignificanceLabel, number>;
  /** Changes by hour of day, UTC: 24 counts, 00:00 first. */
  byHour: number[];
  /** Changes by day of the week, UTC: 7 counts, Monday first. */
  byWeekday: number[];
}

export const CHANGE_COUNT_BUCKETS: readonly { label: string; min: number; max: number }[] = [
  { label: "0", min: 0, max: 0 },
  { label: "1", min: 1, max: 1 },
  { label: "2", min: 2, max: 2 },
  { label: "3–5", min: 3, max: 5 },
  { label: "6–10", min: 6, max: 10 },
  { label: "11+", min: 11, max: Infinity },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Upper bounds are exclusive: a first change exactly one hour in counts as "1–6 hours". */
export const DELAY_BUCKETS: readonly { label: string; below: number }[] = [
  { label: "under 1 hour", below: HOUR },
  { label: "1–6 hours", below: 6 * HOUR },
  { label: "6–24 hours", below: DAY },
  { label: "1–7 days", below: 7 * DAY },
  { label: "7–30 days", below: 30 * DAY },
  { label: "30 days or more", below: Infinity },
];

export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/**
 * Adds articles one at a time and keeps only counts and one number per changed article, so
 * summaries can be streamed in from a loader that never holds them all.
 */
export class StatisticsAccumulator {
  private articles = 0;
  private changed = 0;
  private changes = 0;
  private readonly perArticle = new Map<number, number>();
  private readonly delays: number[] = [];
  private headline = 0;
  private notice = 0;
  private without = 0;
  private readonly labels: Record<SignificanceLabel, number> = {
    minor: 0,
    small: 0,
    substantive: 0,
    major: 0,
  };
  private readonly hours = new Array<number>(24).fill(0);
  private readonly weekdays = new Array<number>(7).fill(0);

  add(article: ArticleStatsInput): void {
    this.articles++;
    const n = article.changes.length;
    this.perArticle.set(n, (this.perArticle.get(n) ?? 0) + 1);
    if (n > 0) {
      this.changed++;
      this.delays.push(Math.max(0, article.changes[0]!.time - article.firstCapture));
    }
    for (const change of article.changes) {
      this.changes++;
      if (change.headlineChanged) this.headline++;
      if (change.notice) this.notice++;
      if (change.withoutNotice) this.without++;
      this.labels[change.label]++;
      const date = new Date(change.time);
      this.hours[date.getUTCHours()]!++;
      this.weekdays[(date.getUTCDay() + 6) % 7]!++;
    }
  }

  result(): Stats {
    const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
    const counts = [...this.perArticle.entries()].sort((a, b) => a[0] - b[0]);
    const delays = [...this.delays].sort((a, b) => a - b);
    return {
      articles: this.articles,
      changedArticles: this.changed,
      changedShare: share(this.changed, this.articles),
      changes: this.changes,
      changesPerArticle: {
        median: medianOfCounts(counts, this.articles),
        buckets: CHANGE_COUNT_BUCKETS.map(({ label, min, max }) => ({
          label,
          count: counts.reduce((sum, [n, c]) => (n >= min && n <= max ? sum + c : sum), 0),
        })),
      },
      timeToFirstChange: {
        medianMs: delays.length === 0 ? null : median(delays),
        buckets: DELAY_BUCKETS.map(({ label, below }, k) => {
          const above = k === 0 ? 0 : DELAY_BUCKETS[k - 1]!.below;
          return { label, count: delays.filter((d) => d >= above && d < below).length };
        }),
      },
      headlineShare: share(this.headline, this.changes),
      substantiveShare: share(this.labels.substantive + this.labels.major, this.changes),
      noticeShare: share(this.notice, this.changes),
      withoutNoticeShare: share(this.without, this.changes),
      labels: { ...this.labels },
      byHour: [...this.hours],
      byWeekday: [...this.weekdays],
    };
  }
}

/** The statistics of an outlet (or any set of articles). */
export function statistics(articles: Iterable<ArticleStatsInput>): Stats {
  const accumulator = new StatisticsAccumulator();
  for (const article of articles) accumulator.add(article);
  return accumulator.result();
}

/** Median of sorted numbers: the middle one, or the mean of the two middle ones. */
function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of a histogram (value, how many), sorted by value. */
function medianOfCounts(counts: readonly [number, number][], total: number): number {
  if (total === 0) return 0;
  const at = (position: number): number => {
    let seen = 0;
    for (const [value, count] of counts) {
      seen += count;
      if (position < seen) return value;
    }
    return counts[counts.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
