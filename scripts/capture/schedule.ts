// When to check an article again, as News Sniffer does: often while it keeps
// changing, less and less often as it settles, and never again once it has not
// changed for `stop_after_days`.
//
// After a change (or when an article is found) the interval is
// `interval_minutes`; each unchanged check multiplies it by `backoff`, up to
// `max_interval_minutes`. The state lives outside content/ (see state.ts); when
// it is missing, a schedule is derived from the article's own history, so a
// lost cache costs one check of each article, never a rewrite of the archive.
import type { ResolvedCapture } from "../load/schema.ts";

export interface ArticleState {
  /** Last time the article was checked (ms since the epoch). */
  checkedAt: number;
  /** Minutes until the next check is due. */
  intervalMinutes: number;
  /** Last time a change was seen (a version or an event), ms since the epoch. */
  changedAt: number;
}

type Schedule = Pick<
  ResolvedCapture,
  "interval_minutes" | "backoff" | "max_interval_minutes" | "stop_after_days"
>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * A schedule from the file alone: the interval the article would have reached
 * had it been checked unchanged since its last change, due at once. Without
 * state it is safer to check once than to wait.
 */
export function deriveState(lastChange: number, now: number, schedule: Schedule): ArticleState {
  const elapsed = Math.max(0, (now - lastChange) / MINUTE);
  let interval = schedule.interval_minutes;
  while (interval * schedule.backoff <= elapsed && interval < schedule.max_interval_minutes) {
    interval *= schedule.backoff;
    if (schedule.backoff === 1) break;
  }
  interval = Math.min(interval, schedule.max_interval_minutes);
  return { checkedAt: now - interval * MINUTE, intervalMinutes: interval, changedAt: lastChange };
}

export function isDue(state: ArticleState, now: number): boolean {
  return now >= state.checkedAt + state.intervalMinutes * MINUTE;
}

/** The state after a check: back to the first interval on a change, else a longer one. */
export function afterCheck(
  state: ArticleState,
  changed: boolean,
  now: number,
  schedule: Schedule,
): ArticleState {
  if (changed)
    return { checkedAt: now, intervalMinutes: schedule.interval_minutes, changedAt: now };
  return {
    checkedAt: now,
    intervalMinutes: Math.min(
      state.intervalMinutes * schedule.backoff,
      schedule.max_interval_minutes,
    ),
    changedAt: state.changedAt,
  };
}

/** True once the article has been unchanged for stop_after_days. */
export function settled(state: ArticleState, now: number, schedule: Schedule): boolean {
  return now - state.changedAt >= schedule.stop_after_days * DAY;
}
