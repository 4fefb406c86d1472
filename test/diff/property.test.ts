// Whatever the edits, a change is exact and well-formed: both versions rebuild
// from it, blocks follow the newer version's order, anchors are unique.

import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { diffVersions, rebuild } from "../../scripts/diff/index.ts";
import type { Change } from "../../scripts/diff/index.ts";
import { version } from "./render.ts";

const WORDS = [
  "the",
  "minister",
  "said",
  "talks",
  "would",
  "resume",
  "in",
  "Geneva",
  "on",
  "Monday",
  "police",
  "human",
  "rights",
  "“stalled”",
  "'positive'",
  "don't",
  "3.5bn",
  "—",
  "Moscow,",
  "U.S.",
  "北京",
  "会谈",
  "Путин",
  "sources",
  "told",
  "Reuters",
  "of",
  "a",
  "new",
  "deal.",
];

const word = fc.constantFrom(...WORDS);
const separator = fc.constantFrom(" ", " ", " ", " ", "  ", "\u00a0");
const paragraph = fc
  .array(fc.tuple(word, separator), { minLength: 1, maxLength: 14 })
  .map((parts) =>
    parts
      .map(([w, s]) => w + s)
      .join("")
      .trimEnd(),
  );

type Edit =
  | { kind: "editWord"; at: number; word: number; to: string }
  | { kind: "dropWord"; at: number; word: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number }
  | { kind: "move"; from: number; to: number }
  | { kind: "split"; at: number; word: number }
  | { kind: "merge"; at: number }
  | { kind: "quotes"; at: number };

const position = fc.nat(40);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("editWord" as const), at: position, word: position, to: word }),
  fc.record({ kind: fc.constant("dropWord" as const), at: position, word: position }),
  fc.record({ kind: fc.constant("insert" as const), at: position, text: paragraph }),
  fc.record({ kind: fc.constant("delete" as const), at: position }),
  fc.record({ kind: fc.constant("move" as const), from: position, to: position }),
  fc.record({ kind: fc.constant("split" as const), at: position, word: position }),
  fc.record({ kind: fc.constant("merge" as const), at: position }),
  fc.record({ kind: fc.constant("quotes" as const), at: position }),
);

function apply(paragraphs: string[], edits: Edit[]): string[] {
  const out = [...paragraphs];
  for (const e of edits) {
    const n = out.length;
    if (e.kind === "insert") {
      out.splice(e.at % (n + 1), 0, e.text);
      continue;
    }
    if (n === 0) continue;
    if (e.kind === "move") {
      const [moved] = out.splice(e.from % n, 1);
      out.splice(e.to % n, 0, moved!);
      continue;
    }
    const at = e.at % n;
    const words = out[at]!.split(" ");
    switch (e.kind) {
      case "editWord":
        words[e.word % words.length] = e.to;
        out[at] = words.join(" ");
        break;
      case "dropWord":
        if (words.length > 1) {
          words.splice(e.word % words.length, 1);
          out[at] = words.join(" ");
        }
        break;
      case "delete":
        out.splice(at, 1);
        break;
      case "split": {
        const cut = e.word % words.length;
        if (cut > 0) out.splice(at, 1, words.slice(0, cut).join(" "), words.slice(cut).join(" "));
        break;
      }
      case "merge":
        if (at + 1 < n) out.splice(at, 2, `${out[at]} ${out[at + 1]}`);
        break;
      case "quotes":
        out[at] = out[at]!.replace(/[“”]/g, '"').replace(/ {2}/g, " ");
        break;
    }
  }
  return out.filter((p) => p.trim() !== "");
}

function assertWellFormed(change: Change, before: string[], after: string[]): void {
  assert.deepEqual(rebuild(change, "old"), before);
  assert.deepEqual(rebuild(change, "new"), after);

  // Reading order of the newer version: every new paragraph once, in order.
  assert.deepEqual(
    change.blocks.flatMap((b) => b.new),
    after.map((_, j) => j),
  );
  // Removed paragraphs stand where they were: old positions of what did not move increase.
  const oldOrder = change.blocks.filter((b) => b.kind !== "moved").flatMap((b) => b.old);
  assert.deepEqual(
    oldOrder,
    [...oldOrder].sort((x, y) => x - y),
  );

  const anchors = change.blocks.filter((b) => b.kind !== "same").map((b) => b.anchor);
  assert.deepEqual(
    anchors,
    anchors.map((_, k) => `c${k + 1}`),
  );
  for (const block of change.blocks) {
    assert.ok(
      block.segments.every((s) => s.text !== ""),
      "no empty segments",
    );
    if (block.kind === "same") assert.equal(block.anchor, "");
    if (block.kind === "split") assert.ok(block.old.length === 1 && block.new.length > 1);
    if (block.kind === "merged") assert.ok(block.old.length > 1 && block.new.length === 1);
  }
}

test("random edits to news-like paragraphs: both versions rebuild exactly and blocks are well-formed", () => {
  fc.assert(
    fc.property(
      fc.array(paragraph, { minLength: 0, maxLength: 25 }),
      fc.array(edit, { maxLength: 12 }),
      (before, edits) => {
        const after = apply(before, edits);
        const change = diffVersions(version(before), version(after));
        assertWellFormed(change, before, after);
        if (before.join("\u0000") === after.join("\u0000")) {
          assert.ok(change.blocks.every((b) => b.kind === "same"));
        }
      },
    ),
    { numRuns: 1500 },
  );
});

test("arbitrary Unicode paragraphs, line breaks included: both versions rebuild exactly", () => {
  const piece = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 });
  const joiner = fc.constantFrom(" ", "  ", "\n", "\n\n", "\t", "", "“", "”");
  const text = fc
    .array(fc.tuple(piece, joiner), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.flat().join(""));
  fc.assert(
    fc.property(
      fc.array(text, { maxLength: 10 }),
      fc.array(text, { maxLength: 10 }),
      (before, after) => {
        const change = diffVersions(version(before), version(after));
        assertWellFormed(change, before, after);
      },
    ),
    { numRuns: 1000 },
  );
});

test("a tiny maxEditLength forces fallbacks that are still exact", () => {
  fc.assert(
    fc.property(
      fc.array(paragraph, { minLength: 1, maxLength: 10 }),
      fc.array(edit, { maxLength: 8 }),
      (before, edits) => {
        const after = apply(before, edits);
        const change = diffVersions(version(before), version(after), { maxEditLength: 1 });
        assertWellFormed(change, before, after);
      },
    ),
    { numRuns: 500 },
  );
});
