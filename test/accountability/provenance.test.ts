// Since when each paragraph has stood, along a chain of versions: what "unchanged since
// version n" would say next to each paragraph, and which change's block to link to.

import assert from "node:assert/strict";
import { test } from "node:test";
import { diffVersions } from "../../scripts/diff/index.ts";
import { paragraphOrigins, provenance } from "../../scripts/accountability/index.ts";
import type { Article, Version } from "../../scripts/load/index.ts";
import { sampleSteps } from "./samples.ts";

const A = "The council voted on Tuesday to close the library on Mondays from next month.";
const B = "Councillors said the savings were needed to balance the budget for the coming year.";
const C = "Library users have started a petition, which had 400 signatures by Wednesday evening.";
const D = "The library has opened six days a week since it moved to the old corn exchange in 1998.";
const E = "A final decision on opening hours in the summer will be taken in the spring.";

function article(...bodies: string[][]): {
  article: Pick<Article, "versions">;
  changes: ReturnType<typeof diffVersions>[];
} {
  const versions: Version[] = bodies.map((paragraphs, k) => ({
    number: k + 1,
    capturedAt: `2024-01-0${k + 1}T00:00:00Z`,
    time: k,
    headline: "Library hours cut",
    paragraphs,
  }));
  const changes = versions.slice(1).map((after, k) => diffVersions(versions[k]!, after));
  return { article: { versions }, changes };
}

test("a paragraph moved without an edit keeps its origin; an edited one starts anew", () => {
  const { article: a, changes } = article([A, B, C, D], [C, A, B, D.replace("1998", "1999")]);
  assert.deepEqual(provenance(a, changes), [
    [1, 1, 1, 1],
    [1, 1, 1, 2],
  ]);
  const origins = paragraphOrigins(a, changes);
  const anchor = changes[0]!.blocks.find((b) => b.kind === "edited")!.anchor;
  assert.deepEqual(origins[1]![3], { since: 2, change: { from: 1, to: 2, anchor } });
  assert.equal(origins[1]![0]!.change, undefined);
});

test("an added paragraph starts at its version, and the origin is carried down the chain", () => {
  const { article: a, changes } = article(
    [A, B],
    [A, E, B],
    [A, E, B.replace("coming", "next")],
    [A, E, B.replace("coming", "next")].reverse(),
  );
  assert.deepEqual(provenance(a, changes), [
    [1, 1],
    [1, 2, 1],
    [1, 2, 3],
    [3, 2, 1],
  ]);
  const last = paragraphOrigins(a, changes)[3]!;
  // The moved paragraph still links to the change that last rewrote it.
  assert.deepEqual(last[0]!.change?.to, 3);
});

test("whitespace, quote or punctuation edits keep the origin (the rule for minor edits)", () => {
  const { article: a, changes } = article(
    [A, "He said it was 'a sad day'."],
    [A.replace("Tuesday", "Tuesday,"), "He said it was ‘a sad day’."],
  );
  assert.deepEqual(provenance(a, changes), [
    [1, 1],
    [1, 1],
  ]);
});

test("a split gives each new paragraph the version of the split; so does a merge", () => {
  const joined = `${A} ${B}`;
  const { article: a, changes } = article(
    [joined, C],
    [A, B, C],
    [`${A} ${B.replace("coming", "next")}`, C],
  );
  assert.ok(changes[0]!.blocks.some((b) => b.kind === "split"));
  assert.ok(changes[1]!.blocks.some((b) => b.kind === "merged"));
  assert.deepEqual(provenance(a, changes), [
    [1, 1],
    [2, 2, 1],
    [3, 1],
  ]);
});

test("every version of the sample archive gets one origin per paragraph", async () => {
  const steps = await sampleSteps();
  const byArticle = new Map<string, typeof steps>();
  for (const step of steps)
    byArticle.set(step.article.file, [...(byArticle.get(step.article.file) ?? []), step]);
  for (const list of byArticle.values()) {
    const article = list[0]!.article;
    const result = provenance(
      article,
      list.map((s) => s.change),
    );
    article.versions.forEach((v, k) => {
      assert.equal(result[k]!.length, v.paragraphs.length);
      for (const since of result[k]!) assert.ok(since >= 1 && since <= v.number);
    });
  }
});

test("the changes must be the article's consecutive ones", () => {
  const { article: a } = article([A], [B]);
  assert.throws(() => provenance(a, []), /expected 1 changes for 2 versions, found 0/);
});
