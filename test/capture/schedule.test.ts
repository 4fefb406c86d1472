// The schedule: often while an article changes, less often as it settles, stopped once settled.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterCheck, deriveState, isDue, settled } from "../../scripts/capture/schedule.ts";
import { CAPTURE_DEFAULTS } from "../../scripts/load/schema.ts";

const MIN = 60_000;
const schedule = CAPTURE_DEFAULTS;

describe("schedule", () => {
  it("doubles the interval after each unchanged check, up to the cap", () => {
    let state = afterCheck(deriveState(0, 0, schedule), true, 0, schedule);
    assert.equal(state.intervalMinutes, 30);
    const intervals: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      now += state.intervalMinutes * MIN;
      assert.ok(isDue(state, now));
      assert.ok(!isDue(state, now - MIN));
      state = afterCheck(state, false, now, schedule);
      intervals.push(state.intervalMinutes);
    }
    assert.deepEqual(intervals, [60, 120, 240, 480, 960, 1440, 1440, 1440]);
    state = afterCheck(state, true, now, schedule);
    assert.equal(state.intervalMinutes, 30, "a change starts over");
  });

  it("derives a sane schedule from the file when there is no state, due at once", () => {
    const lastVersion = Date.parse("2026-03-01T00:00:00Z");
    const fresh = deriveState(lastVersion, lastVersion + 10 * MIN, schedule);
    assert.equal(fresh.intervalMinutes, 30);
    const day = deriveState(lastVersion, lastVersion + 5 * 60 * MIN, schedule);
    assert.equal(day.intervalMinutes, 240);
    assert.ok(isDue(day, lastVersion + 5 * 60 * MIN));
    const old = deriveState(lastVersion, lastVersion + 20 * 1440 * MIN, schedule);
    assert.equal(old.intervalMinutes, 1440);
    assert.equal(old.changedAt, lastVersion);
  });

  it("settles after stop_after_days without a change", () => {
    const state = deriveState(0, 0, schedule);
    assert.ok(!settled(state, 29 * 1440 * MIN, schedule));
    assert.ok(settled(state, 30 * 1440 * MIN, schedule));
    assert.ok(!settled(state, 3 * MIN, { ...schedule, stop_after_days: 1 }));
  });
});
