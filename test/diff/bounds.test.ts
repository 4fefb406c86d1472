// Pathological input still gives a readable, exact change in bounded time:
// huge paragraphs, huge articles, and limits set very low.

import assert from "node:assert/strict";
import { test } from "node:test";
import { diffVersions, rebuild } from "../../scripts/diff/index.ts";
import { renderChanges, version } from "./render.ts";

/** Deterministic pseudo-random numbers (mulberry32), so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomWords(next: () => number, count: number): string {
  const words: string[] = [];
  for (let k = 0; k < count; k++) words.push(`w${Math.floor(next() * 2000).toString(36)}`);
  return words.join(" ");
}

test("two unrelated 1 MB paragraphs fall back to one deletion and one insertion, exactly", () => {
  const next = random(1);
  const before = randomWords(next, 170_000);
  const after = randomWords(next, 170_000);
  assert.ok(before.length > 700_000 && after.length > 700_000);
  const change = diffVersions(version([before]), version([after]));
  assert.equal(change.fallback, true);
  assert.equal(change.blocks.length, 1);
  assert.deepEqual(
    change.blocks[0]!.segments.map((s) => s.op),
    ["delete", "insert"],
  );
  assert.deepEqual(rebuild(change, "old"), [before]);
  assert.deepEqual(rebuild(change, "new"), [after]);
  assert.equal(change.stats.wordsRemoved, 170_000);
  assert.equal(change.stats.wordsAdded, 170_000);
});

test("one word inserted into a 1 MB paragraph is still found word by word", () => {
  const before = randomWords(random(2), 170_000);
  const after = before.replace(" ", " newly-inserted ");
  const change = diffVersions(version([before]), version([after]));
  assert.equal(change.fallback, false);
  assert.equal(change.stats.wordsAdded, 2);
  assert.equal(change.stats.wordsRemoved, 0);
});

test("with a tiny maxEditLength an edited paragraph is shown replaced whole, and flagged", () => {
  const before = ["The talks were positive, officials said.", "Protesters gathered outside."];
  const after = [
    "The talks were stalled, officials in Moscow said.",
    "Protesters gathered outside.",
  ];
  const change = diffVersions(version(before), version(after), { maxEditLength: 1 });
  assert.equal(change.fallback, true);
  assert.deepEqual(renderChanges(change), [
    "edited 0→0: [-The talks were positive, officials said.-]{+The talks were stalled, officials in Moscow said.+}",
  ]);
  assert.deepEqual(rebuild(change, "new"), after);
});

test("the same limits give a word diff when the edit is small enough", () => {
  const before = ["The talks were positive, officials said."];
  const after = ["The talks were stalled, officials said."];
  const change = diffVersions(version(before), version(after), { maxEditLength: 2 });
  assert.equal(change.fallback, false);
  assert.deepEqual(renderChanges(change), [
    "edited 0→0: The talks were [-positive-]{+stalled+}, officials said.",
  ]);
});

test("once the whole diff's budget of work is spent, the remaining pairs fall back too", () => {
  const change = diffVersions(
    { headline: "Talks resume", paragraphs: ["Talks resumed on Monday."] },
    { headline: "Talks stall", paragraphs: ["Talks resumed on Tuesday."] },
    { totalTokens: 0 },
  );
  assert.equal(change.fallback, true);
  assert.deepEqual(
    change.fields[0]!.segments.map((s) => s.op),
    ["delete", "insert"],
  );
  assert.deepEqual(rebuild(change, "new"), ["Talks resumed on Tuesday."]);
});

test("a 5,000-paragraph article shuffled and half rewritten is diffed exactly", () => {
  const next = random(3);
  const before = Array.from(
    { length: 5000 },
    (_, k) => `Paragraph ${k}: ${randomWords(next, 30)}.`,
  );
  const after = before
    .map((p) => ({ p, key: next() }))
    .sort((a, b) => a.key - b.key)
    .map(({ p }) => (next() < 0.5 ? p.replace(/^Paragraph/, "Section") : p));
  const change = diffVersions(version(before), version(after));
  assert.deepEqual(rebuild(change, "old"), before);
  assert.deepEqual(rebuild(change, "new"), after);
  assert.deepEqual(
    change.blocks.flatMap((b) => b.new),
    after.map((_, j) => j),
  );
});

test("5,000 paragraphs all replaced by unrelated text are removed and added", () => {
  const next = random(4);
  const before = Array.from({ length: 5000 }, () => randomWords(next, 30));
  const after = Array.from({ length: 5000 }, () => randomWords(next, 30));
  const change = diffVersions(version(before), version(after));
  assert.equal(change.stats.paragraphsRemoved, 5000);
  assert.equal(change.stats.paragraphsAdded, 5000);
  assert.deepEqual(rebuild(change, "new"), after);
});
