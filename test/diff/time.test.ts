// "Version 2, about 13 hours later": the time between versions in words.

import assert from "node:assert/strict";
import { test } from "node:test";
import { timeBetween, timeInWords } from "../../scripts/diff/index.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test("the BBC example: 09:05 to 22:12 is about 13 hours later", () => {
  assert.deepEqual(timeBetween("2008-03-18T09:05:00Z", "2008-03-18T22:12:00Z"), {
    words: "about 13 hours later",
    ms: 13 * HOUR + 7 * MINUTE,
  });
});

test("offsets are honoured: 10:00+01:00 and 09:02Z are two minutes apart", () => {
  assert.equal(
    timeBetween("2024-05-01T10:00:00+01:00", "2024-05-01T09:02:00Z").words,
    "2 minutes later",
  );
});

test("intervals read like a person would say them", () => {
  const cases: [number, string][] = [
    [0, "less than a minute later"],
    [29 * SECOND, "less than a minute later"],
    [40 * SECOND, "1 minute later"],
    [2 * MINUTE, "2 minutes later"],
    [44 * MINUTE, "44 minutes later"],
    [50 * MINUTE, "about an hour later"],
    [13 * HOUR + 7 * MINUTE, "about 13 hours later"],
    [23 * HOUR, "about 23 hours later"],
    [30 * HOUR, "about a day later"],
    [3 * DAY + 5 * HOUR, "about 3 days later"],
    [40 * DAY, "about a month later"],
    [61 * DAY, "about 2 months later"],
    [400 * DAY, "about a year later"],
    [550 * DAY, "over a year later"],
    [700 * DAY, "almost 2 years later"],
    [3 * 365 * DAY, "about 3 years later"],
  ];
  assert.deepEqual(
    cases.map(([ms]) => timeInWords(ms)),
    cases.map(([, words]) => words),
  );
});

test("a version captured before the one it is compared with is 'earlier'", () => {
  assert.equal(timeInWords(-3 * DAY), "about 3 days earlier");
});

test("a timestamp that is not ISO 8601 is named in the error", () => {
  assert.throws(() => timeBetween("2008-03-18T09:05:00Z", "yesterday"), /found "yesterday"/);
});
