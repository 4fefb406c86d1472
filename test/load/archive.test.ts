// loadArchive over small content trees (test/fixtures/load/valid and trees/).
import assert from "node:assert/strict";
import { mkdtemp, mkdir, symlink, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { loadArchive, RESERVED_SLUGS, RESERVED_SOURCE_KEYS } from "../../scripts/load/index.ts";

const fixtures = fileURLToPath(new URL("../fixtures/load/", import.meta.url));

/** Loads a fixture tree with paths shown relative to the tree, as they would be in a project. */
async function loadTree(name: string) {
  const root = join(fixtures, name);
  return loadArchive(join(root, "content"), { root });
}

test("a valid tree loads every article, sorted by source then slug, with nothing to report", async () => {
  const { archive, problems } = await loadTree("valid");
  assert.deepEqual(problems, []);
  assert.deepEqual(
    archive.sources.map((s) => s.key),
    ["bbc", "nytimes"],
  );
  assert.deepEqual(
    archive.articles.map((a) => a.file),
    [
      "content/bbc/budget-2008.md",
      "content/bbc/russia-us-talks.md",
      "content/nytimes/cafe-reopens.md",
      "content/nytimes/fed-rate-cut.md",
    ],
  );
});

test("versions are numbered from 1, keep their timestamp as written, and carry normalised paragraphs", async () => {
  const { archive } = await loadTree("valid");
  const talks = archive.articles.find((a) => a.slug === "russia-us-talks");
  assert.ok(talks);
  assert.equal(talks.source, "bbc");
  assert.equal(talks.tracking, "stopped");
  assert.equal(talks.note, "The second capture was taken from the international edition.");
  const [first, second] = talks.versions;
  assert.equal(first?.number, 1);
  assert.equal(second?.number, 2);
  assert.equal(second?.capturedAt, "2008-03-18T23:12:00+01:00");
  assert.equal(second?.time, Date.UTC(2008, 2, 18, 22, 12));
  assert.equal(second?.archiveUrl?.startsWith("https://web.archive.org/"), true);
  assert.deepEqual(first?.paragraphs, [
    "US Secretary of State Condoleezza Rice and Defence Secretary Robert Gates have held talks in Moscow with their Russian counterparts.",
    "Both sides described the talks as positive.",
  ]);
});

test("tracking defaults to active, corrections to none, and an absent note stays absent", async () => {
  const { archive } = await loadTree("valid");
  const budget = archive.articles.find((a) => a.slug === "budget-2008");
  assert.equal(budget?.tracking, "active");
  assert.deepEqual(budget?.corrections, []);
  assert.equal(budget && "note" in budget, false);
  const fed = archive.articles.find((a) => a.slug === "fed-rate-cut");
  assert.equal(fed?.corrections[0]?.version, 1);
});

test("a file saved with a BOM, CRLF line endings and decomposed accents loads like any other", async () => {
  const { archive } = await loadTree("valid");
  const cafe = archive.articles.find((a) => a.slug === "cafe-reopens");
  assert.equal(cafe?.versions[0]?.headline, "A caf\u00E9 reopens");
  assert.deepEqual(cafe?.versions[0]?.paragraphs, [
    "The caf\u00E9 on Bleecker Street reopened on Tuesday.",
    "Regulars queued.",
  ]);
});

test("a source folder without an entry in sources.yaml is reported for each of its files", async () => {
  const { archive, problems } = await loadTree("trees/unknown-source");
  assert.deepEqual(
    problems.map((p) => p.file),
    ["content/guardian/bus-fares.md", "content/guardian/cycle-lanes.md"],
  );
  assert.match(problems[0]!.message, /"guardian" to be described in sources\.yaml/);
  assert.deepEqual(
    archive.articles.map((a) => a.source),
    ["bbc"],
  );
});

test("a missing sources.yaml is one problem, not one per article", async () => {
  const { archive, problems } = await loadTree("trees/no-sources-yaml");
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.file, "content/sources.yaml");
  assert.match(problems[0]!.fix, /create it/);
  assert.deepEqual(archive.articles, []);
});

test("sources.yml instead of sources.yaml is pointed out", async () => {
  const { problems } = await loadTree("trees/sources-yml-typo");
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.fix, "rename sources.yml to sources.yaml");
});

test("every problem in sources.yaml is reported with its line, and its articles are held back", async () => {
  const { archive, problems } = await loadTree("trees/invalid-sources");
  assert.deepEqual(
    problems.map((p) => [p.file, p.line, p.field]),
    [
      // The misspelt "homepgae" is one problem, not also a missing "homepage".
      ["content/sources.yaml", 7, "guardian.homepgae"],
      ["content/sources.yaml", 8, "guardian.language"],
      ["content/sources.yaml", 10, "reuters.name"],
      ["content/sources.yaml", 11, "reuters.homepage"],
    ],
  );
  assert.match(problems[0]!.fix, /did you mean "homepage"/);
  assert.deepEqual(
    archive.sources.map((s) => s.key),
    ["bbc"],
  );
  // guardian's article is valid itself, but its source cannot be shown.
  assert.deepEqual(
    archive.articles.map((a) => a.file),
    ["content/bbc/cycle-lanes.md"],
  );
});

test("the same URL in two files is reported in both, naming the other", async () => {
  const { archive, problems } = await loadTree("trees/duplicate-url");
  assert.deepEqual(
    problems.map((p) => [p.file, p.field]),
    [
      ["content/bbc/council-cycle-lanes.md", "url"],
      ["content/bbc/cycle-lanes.md", "url"],
    ],
  );
  assert.match(problems[0]!.message, /also the URL of content\/bbc\/cycle-lanes\.md/);
  assert.match(problems[1]!.message, /also the URL of content\/bbc\/council-cycle-lanes\.md/);
  assert.deepEqual(
    archive.articles.map((a) => a.slug),
    ["bus-fares"],
  );
});

test("file and folder names that are not lower-case-with-hyphens are reported with a suggested name", async () => {
  const { archive, problems } = await loadTree("trees/bad-names");
  const byFile = Object.fromEntries(problems.map((p) => [p.file, p]));
  assert.deepEqual(Object.keys(byFile).sort(), [
    "content/bbc/2024",
    "content/bbc/Cycle_Lanes.md",
    "content/bbc/bus fares.md",
    "content/bbc/notes.txt",
    "content/bbc/tram-plans.MD",
    "content/new_york_times/cycle-lanes.md",
    "content/sources.yaml",
  ]);
  assert.equal(byFile["content/bbc/Cycle_Lanes.md"]?.fix, 'rename it to "cycle-lanes.md"');
  assert.equal(byFile["content/bbc/bus fares.md"]?.fix, 'rename it to "bus-fares.md"');
  assert.equal(byFile["content/bbc/tram-plans.MD"]?.fix, 'rename it to "tram-plans.md"');
  assert.equal(
    byFile["content/new_york_times/cycle-lanes.md"]?.fix,
    'rename it to "new-york-times"',
  );
  assert.match(byFile["content/bbc/notes.txt"]?.message ?? "", /found "notes\.txt"/);
  assert.match(byFile["content/bbc/2024"]?.message ?? "", /found a folder/);
  assert.deepEqual(
    archive.articles.map((a) => a.file),
    ["content/bbc/rail-strike.md"],
  );
});

test("names the site uses for its own routes are refused as sources and slugs", async () => {
  const { problems } = await loadTree("trees/reserved-names");
  assert.deepEqual(
    problems.map((p) => [p.file, p.field]),
    [
      ["content/bbc/page.md", ""],
      ["content/search/ranking-update.md", ""],
      ["content/sources.yaml", "search"],
    ],
  );
  assert.ok(problems.every((p) => /reserved name/.test(p.message)));
  assert.ok(RESERVED_SOURCE_KEYS.includes("search") && RESERVED_SOURCE_KEYS.includes("pagefind"));
  assert.deepEqual(RESERVED_SLUGS, ["page", "corrections", "without-notice", "statistics"]);
});

test("a file that is not UTF-8 is reported at the line with the bad bytes", async () => {
  const { problems } = await loadTree("trees/invalid-utf8");
  assert.deepEqual(
    problems.map((p) => [p.file, p.line]),
    [["content/bbc/cafe-closes.md", 5]],
  );
  assert.match(problems[0]!.message, /not valid UTF-8/);
});

test("symbolic links are reported, never followed out of content/", async () => {
  const root = await mkdtemp(join(tmpdir(), "load-symlink-"));
  await cp(join(fixtures, "valid", "content"), join(root, "content"), { recursive: true });
  await mkdir(join(root, "outside"));
  await writeFile(join(root, "outside", "secret.md"), "---\nurl: x\n---\n");
  await symlink(join(root, "outside", "secret.md"), join(root, "content", "bbc", "secret.md"));
  await symlink(join(root, "outside"), join(root, "content", "outside"));
  const { archive, problems } = await loadArchive(join(root, "content"), { root });
  assert.deepEqual(
    problems.map((p) => p.file),
    ["content/bbc/secret.md", "content/outside"],
  );
  assert.ok(problems.every((p) => /symbolic link/.test(p.message)));
  assert.equal(archive.articles.length, 4);
});

test("a content folder that does not exist is one clear problem", async () => {
  const root = join(fixtures, "valid");
  const { problems } = await loadArchive(join(root, "no-such-folder"), { root });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /expected a content folder, found nothing/);
  assert.match(problems[0]!.fix, /--content/);
});
