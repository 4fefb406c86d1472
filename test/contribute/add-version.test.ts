// npm run add-version: one version by hand, with a pull-request diff of only that version.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { loadArchive } from "../../scripts/load/index.ts";
import { git, runScript, scratchArchive, scratchRepository, treeHashes } from "./support.ts";

const ferry = "content/quay-gazette/ferry-fares-rise.md";
const body =
  "Fares on the island ferry will rise by 15 per cent from May, not 20.\n\nThe operator blamed the price of fuel.\n";

test("appending a version changes the file only by lines added at the end of the versions list", async () => {
  const dir = await scratchRepository();
  const bodyFile = join(dir, "body.txt");
  await writeFile(bodyFile, body);
  const { code, stdout, stderr } = runScript(
    "scripts/add-version.ts",
    [
      "--url",
      "https://quay-gazette.test/news/ferry-fares-rise",
      "--headline",
      "Ferry fare rise cut to 15 per cent",
      "--captured-at",
      "2025-03-02T09:00:00Z",
      "--byline",
      "Ada Penrose",
      "--body-file",
      bodyFile,
    ],
    dir,
  );
  assert.equal(stderr, "");
  assert.equal(stdout, `Added version 3 to ${ferry}.\n`);
  assert.equal(code, 0);

  const diff = git(dir, "diff", "--unified=0", "--", ferry);
  const hunks = diff.split("\n").filter((line) => line.startsWith("@@"));
  assert.equal(hunks.length, 1, diff);
  const changed = diff.split("\n").filter((line) => /^[+-](?![+-]{2} )/.test(line));
  assert.deepEqual(changed, [
    '+  - captured_at: "2025-03-02T09:00:00Z"',
    '+    headline: "Ferry fare rise cut to 15 per cent"',
    '+    byline: "Ada Penrose"',
    "+    body: |-",
    "+      Fares on the island ferry will rise by 15 per cent from May, not 20.",
    "+",
    "+      The operator blamed the price of fuel.",
  ]);
  // The addition sits right after the last version, before the closing --- and the note.
  const after = await readFile(join(dir, ferry), "utf8");
  assert.match(
    after,
    /The operator blamed the price of fuel\.\n---\n\nCaptured from the mobile edition\.\n$/,
  );
});

test("the body can come from standard input, and --file names the article", async () => {
  const dir = await scratchArchive();
  const { code, stdout } = runScript(
    "scripts/add-version.ts",
    [
      "--file",
      ferry,
      "--headline",
      "Ferry fares rise",
      "--captured-at",
      "2025-03-05T10:00:00+01:00",
    ],
    dir,
    "Fares rise today.\n",
  );
  assert.equal(code, 0);
  assert.equal(stdout, `Added version 3 to ${ferry}.\n`);
  const { archive, problems } = await loadArchive(join(dir, "content"), { root: dir });
  assert.deepEqual(problems, []);
  const article = archive.articles.find((candidate) => candidate.file === ferry);
  assert.deepEqual(article?.versions[2]?.paragraphs, ["Fares rise today."]);
});

test("a capture time that is not after the latest version is refused, and nothing is written", async () => {
  const dir = await scratchArchive();
  const before = await treeHashes(dir);
  for (const time of ["2025-03-01T12:30:00Z", "2025-03-01T09:00:00Z"]) {
    const { code, stderr } = runScript(
      "scripts/add-version.ts",
      ["--file", ferry, "--headline", "Ferry fares", "--captured-at", time],
      dir,
      "Some other text.\n",
    );
    assert.equal(code, 1);
    assert.match(stderr, /^Not added: /);
  }
  const { stderr } = runScript(
    "scripts/add-version.ts",
    ["--file", ferry, "--headline", "Ferry fares", "--captured-at", "2025-03-01T09:00:00Z"],
    dir,
    "Some other text.\n",
  );
  assert.equal(
    stderr,
    "Not added: captured at 2025-03-01T09:00:00Z, before the latest stored version (version 2, 2025-03-01T12:30:00Z); history is append-only, and inserting an older capture would renumber the versions after it\n",
  );
  assert.deepEqual(await treeHashes(dir), before);
});

test("a version identical to the latest one is refused as noise", async () => {
  const dir = await scratchArchive();
  const { code, stderr } = runScript(
    "scripts/add-version.ts",
    [
      "--file",
      ferry,
      "--headline",
      "Ferry fares to rise by a fifth in May",
      "--byline",
      "Ada Penrose",
      "--captured-at",
      "2025-03-02T12:30:00Z",
    ],
    dir,
    "Fares on the island ferry will rise by 20 per cent from May, the operator said.\n\nThe operator blamed the price of fuel and new safety rules.\n\nIslanders' groups said they would object.",
  );
  assert.equal(code, 1);
  assert.equal(stderr, "Not added: no change: same text as version 2, the version before it\n");
});

test("a new URL creates the article, and a bad option value names the option", async () => {
  const dir = await scratchArchive();
  const args = [
    "--url",
    "https://quay-gazette.test/news/pier-reopens",
    "--source",
    "quay-gazette",
    "--headline",
    "Pier reopens",
  ];
  const bad = runScript(
    "scripts/add-version.ts",
    [...args, "--captured-at", "tomorrow"],
    dir,
    "The pier is open.",
  );
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /^Not added: --captured-at: expected an ISO 8601 date and time with an offset/,
  );

  const { code, stdout } = runScript("scripts/add-version.ts", args, dir, "The pier is open.");
  assert.equal(code, 0);
  assert.equal(stdout, "Created content/quay-gazette/pier-reopens.md with version 1.\n");
  const text = await readFile(join(dir, "content/quay-gazette/pier-reopens.md"), "utf8");
  assert.match(
    text,
    /^---\nurl: "https:\/\/quay-gazette\.test\/news\/pier-reopens"\ntracking: "active"\nversions:\n {2}- captured_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/,
  );
});

test("missing required options are usage errors (exit 2)", async () => {
  const dir = await scratchArchive();
  const { code, stderr } = runScript(
    "scripts/add-version.ts",
    ["--url", "https://quay-gazette.test/x"],
    dir,
    "Text",
  );
  assert.equal(code, 2);
  assert.equal(
    stderr,
    "npm run add-version: this URL is new: give its source folder with --source, e.g. --source bbc. See npm run add-version -- --help.\n",
  );
});

test("a mistyped option is one line naming the closest option, exit 2, nothing written", async () => {
  const dir = await scratchArchive();
  const before = await treeHashes(dir);
  const { code, stdout, stderr } = runScript(
    "scripts/add-version.ts",
    ["--url", "https://quay-gazette.test/x", "--hedline", "Pier reopens"],
    dir,
    "Text",
  );
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    "npm run add-version: unknown option --hedline (did you mean --headline?). See npm run add-version -- --help.\n",
  );
  assert.deepEqual(await treeHashes(dir), before);
});
