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

describe("schedule in a capture run", () => {
  it("stops tracking an article unchanged for stop_after_days, and checks it no more", async () => {
    const { capture } = await import("../../scripts/capture/run.ts");
    const { loadArchive } = await import("../../scripts/load/index.ts");
    const { makeContent, newsPage, rssFeed, startSite, FEED_TYPE } = await import("./support.ts");
    const path = await import("node:path");
    const site = await startSite();
    try {
      const { content, cache } = await makeContent(`echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml"]
    delay_seconds: 0
    stop_after_days: 2
`);
      site.routes.set("/feed.xml", {
        type: FEED_TYPE,
        body: rssFeed([{ url: `${site.url}/a`, title: "A" }]),
      });
      site.routes.set("/a", {
        body: newsPage({
          headline: "Pier reopens",
          paragraphs: ["The pier reopened on Saturday."],
        }),
      });
      let clock = Date.parse("2026-03-01T10:00:00Z");
      const run = () =>
        capture({
          contentDir: content,
          cacheDir: cache,
          root: path.dirname(content),
          allowPrivate: true,
          now: () => clock,
        });
      assert.equal((await run()).created, 1);
      let checks = 0;
      for (let hour = 1; hour <= 72; hour++) {
        clock += 60 * MIN;
        const summary = await run();
        checks += summary.unchanged;
        if (summary.stopped > 0) break;
      }
      // 30 min, 1 h, 2 h, 4 h, 8 h, 16 h, 24 h…: a handful of checks in two days, not one an hour.
      assert.ok(checks >= 5 && checks <= 9, `${checks} checks`);
      const { archive } = await loadArchive(content, { root: path.dirname(content) });
      assert.equal(archive.articles[0]!.tracking, "stopped");
      const requests = site.requests.filter((r) => r === "/a").length;
      clock += 7 * 1440 * MIN;
      await run();
      assert.equal(
        site.requests.filter((r) => r === "/a").length,
        requests,
        "a stopped article is not fetched",
      );
    } finally {
      await site.close();
    }
  });
});
