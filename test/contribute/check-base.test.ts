// npm run check -- --base <ref>: history is append-only. Each case starts from
// a scratch git repository whose commit "base" holds the fixture archive.
import assert from "node:assert/strict";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { compareWithBase } from "../../scripts/contribute/base.ts";
import type { BaseComparison } from "../../scripts/contribute/base.ts";
import { git, runScript, scratchRepository } from "./support.ts";

const ferry = "content/quay-gazette/ferry-fares-rise.md";
const wall = "content/quay-gazette/harbour-wall-repairs.md";

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  const before = await readFile(path, "utf8");
  const after = change(before);
  assert.notEqual(after, before, "the test's edit must change the file");
  await writeFile(path, after);
}

async function compare(dir: string): Promise<BaseComparison> {
  return compareWithBase(join(dir, "content"), "base", { root: dir, now: "2025-06-01T12:00:00Z" });
}

const summary = (problems: BaseComparison["problems"]) =>
  problems.map((problem) =>
    [`${problem.file}:${problem.line ?? ""}`, problem.field, "→", problem.message]
      .filter((part) => part !== "")
      .join(" "),
  );

const appendedVersion = `  - captured_at: "2025-03-03T08:00:00Z"
    headline: "Ferry fare rise delayed"
    body: |-
      The ferry fare rise has been delayed to June.
---`;

test("editing an old version's body is refused, naming the file, version, field and change", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) => text.replace("the price of fuel.\n", "the price of diesel.\n"));
  const { problems } = await compare(dir);
  assert.deepEqual(summary(problems), [
    `${ferry}:8 versions[0].body → expected version 1 to stay as it was at base, found its body changed: paragraph 2 was "…blamed the price of fuel.", now it is "…blamed the price of diesel."`,
  ]);
  assert.match(
    problems[0]?.fix ?? "",
    /corrections: \[\{ date: "2025-06-01T12:00:00Z", version: 1, fields: \["body"\], reason: /,
  );
});

test("deleting a version is refused", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text.replace(/ {2}- captured_at: "2025-03-01T08:00:00Z"[\s\S]*?(?= {2}- captured_at)/, ""),
  );
  const { problems } = await compare(dir);
  assert.deepEqual(summary(problems), [
    `${ferry}:4 versions → expected version 1 (captured 2025-03-01T08:00:00Z) from base, found it deleted`,
  ]);
});

test("changing an article's URL is refused", async () => {
  const dir = await scratchRepository();
  await edit(dir, wall, (text) => text.replace('harbour-wall-repairs"', 'harbour-wall"'));
  const { problems } = await compare(dir);
  assert.deepEqual(summary(problems), [
    `${wall}:2 url → expected the URL it has at base, "https://quay-gazette.test/news/harbour-wall-repairs", found "https://quay-gazette.test/news/harbour-wall"`,
  ]);
});

test("renaming an article file is refused as a move (with any edit made along with it), and deleting one is refused too", async () => {
  const dir = await scratchRepository();
  await edit(dir, wall, (text) => text.replace("ten weeks", "eight weeks"));
  await rename(join(dir, wall), join(dir, "content/quay-gazette/harbour-wall.md"));
  await rm(join(dir, ferry));
  const { problems, articlesAdded } = await compare(dir);
  assert.deepEqual(summary(problems), [
    `${ferry}: → expected the article from base to stay, found the file deleted`,
    `content/quay-gazette/harbour-wall.md:7 versions[0].body → expected version 1 to stay as it was at base, found its body changed: paragraph 1 was "…rt in June and last ten weeks.", now it is "…rt in June and last eight weeks."`,
    `${wall}: → expected the article to stay at this path, found it moved to content/quay-gazette/harbour-wall.md`,
  ]);
  assert.equal(articlesAdded, 0, "a moved article is not a new one");
});

test("appending a version and adding an article are accepted", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text.replace(/\n---\n\nCaptured/, `\n${appendedVersion}\n\nCaptured`),
  );
  await writeFile(
    join(dir, "content/quay-gazette/pier-reopens.md"),
    '---\nurl: "https://quay-gazette.test/news/pier-reopens"\ntracking: "active"\nversions:\n  - captured_at: "2025-06-01T08:00:00Z"\n    headline: "Pier reopens"\n    body: |-\n      The pier is open again.\n---\n',
  );
  const result = await compare(dir);
  assert.deepEqual(result.problems, []);
  assert.equal(result.versionsAppended, 1);
  assert.equal(result.articlesAdded, 1);
});

test("a version inserted before existing ones is refused, not reported as edits to every later version", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text.replace(
      '  - captured_at: "2025-03-01T12:30:00Z"',
      '  - captured_at: "2025-03-01T10:00:00Z"\n    headline: "Ferry fares to rise"\n    body: |-\n      An earlier capture.\n  - captured_at: "2025-03-01T12:30:00Z"',
    ),
  );
  const { problems } = await compare(dir);
  assert.deepEqual(summary(problems), [
    `${ferry}:12 versions[1] → expected new versions only after the last one, found a version (captured 2025-03-01T10:00:00Z) inserted before version 2, which would renumber the versions after it`,
  ]);
});

test("an edit recorded by a new corrections entry for that version and field is accepted", async () => {
  const dir = await scratchRepository();
  const correction = (fields: string) =>
    `corrections:\n  - date: "2025-06-01T12:00:00Z"\n    version: 1\n    fields: [${fields}]\n    reason: "The scraper dropped the word 'diesel'."\n---`;
  await edit(dir, ferry, (text) =>
    text
      .replace("the price of fuel.\n", "the price of diesel fuel.\n")
      .replace(/\n---\n\nCaptured/, `\n${correction('"body"')}\n\nCaptured`),
  );
  const accepted = await compare(dir);
  assert.deepEqual(accepted.problems, []);
  assert.equal(accepted.fieldsCorrected, 1);

  // The entry must name the field that changed.
  await edit(dir, ferry, (text) => text.replace('fields: ["body"]', 'fields: ["headline"]'));
  const { problems } = await compare(dir);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.field, "versions[0].body");
  assert.match(
    problems[0]?.fix ?? "",
    /the new corrections entry for version 1 does not name "body"/,
  );
});

test("an existing corrections entry cannot be changed or used again for a new edit", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text.replace(
      /\n---\n\nCaptured/,
      '\ncorrections:\n  - date: "2025-06-01T12:00:00Z"\n    version: 2\n    fields: ["headline"]\n    reason: "Typo."\n---\n\nCaptured',
    ),
  );
  git(dir, "commit", "-qam", "Record a correction");
  git(dir, "tag", "-f", "base");
  await edit(dir, ferry, (text) =>
    text.replace('reason: "Typo."', 'reason: "Nothing."').replace('in May"', 'in June"'),
  );
  const { problems } = await compare(dir);
  assert.deepEqual(
    problems.map((problem) => problem.field),
    ["corrections[0]", "versions[1].headline"],
  );
});

test("notes and tracking may change; removing a source is refused", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text
      .replace("Captured from the mobile edition.", "Captured from the desktop edition.")
      .replace('tracking: "active"', 'tracking: "stopped"'),
  );
  assert.deepEqual((await compare(dir)).problems, []);
  await writeFile(join(dir, "content/sources.yaml"), "{}\n");
  const { problems } = await compare(dir);
  assert.deepEqual(summary(problems), [
    'content/sources.yaml: quay-gazette → expected the source "quay-gazette" from base, found its entry removed',
  ]);
});

test("committed changes on a pull-request branch are compared the same way", async () => {
  const dir = await scratchRepository();
  git(dir, "checkout", "-q", "-b", "pull-request");
  await edit(dir, wall, (text) => text.replace("ten weeks", "twelve weeks"));
  git(dir, "commit", "-qam", "Rewrite history");
  const { problems } = await compare(dir);
  assert.deepEqual(
    problems.map((problem) => `${problem.file} ${problem.field}`),
    [`${wall} versions[0].body`],
  );
});

test("the command prints every refused change and exits 1; clean changes pass with a summary", async () => {
  const dir = await scratchRepository();
  await edit(dir, ferry, (text) =>
    text.replace('Ferry fares to rise by a fifth"', 'Ferry fares rise"'),
  );
  const refused = runScript("scripts/check.ts", ["--base", "base"], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /^$/);
  assert.match(
    refused.stderr,
    /^History is append-only: these changes rewrite what base holds, so they are refused\.\n\ncontent\/quay-gazette\/ferry-fares-rise\.md\n {2}content\/quay-gazette\/ferry-fares-rise\.md:6 → versions\[0\]\.headline → expected version 1 to stay as it was at base, found its headline changed: it was "Ferry fares to rise by a fifth", now it is "Ferry fares rise" → history is append-only: restore the old value\./,
  );
  assert.match(refused.stderr, /\n1 refused change in 1 file\n$/);

  git(dir, "checkout", "-q", "--", ".");
  await edit(dir, ferry, (text) =>
    text.replace(/\n---\n\nCaptured/, `\n${appendedVersion}\n\nCaptured`),
  );
  const passed = runScript("scripts/check.ts", ["--base", "base"], dir);
  assert.equal(passed.stderr, "");
  assert.equal(
    passed.stdout,
    "2 articles, 4 versions in 1 source: content is valid.\nCompared with base: 0 articles added, 1 version appended; no existing version was rewritten.\n",
  );
  assert.equal(passed.code, 0);

  const unknown = runScript("scripts/check.ts", ["--base", "origin/nowhere"], dir);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^cannot compare with origin\/nowhere: no such commit or branch here\. Fetch it first/,
  );
});
