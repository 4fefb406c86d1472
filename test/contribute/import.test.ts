// npm run import: what a scraper's output becomes, line by line.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { importLines } from "../../scripts/contribute/importer.ts";
import { readLines } from "../../scripts/contribute/lines.ts";
import { mergeVersions } from "../../scripts/contribute/merge.ts";
import { parseRecord } from "../../scripts/contribute/record.ts";
import type { Incoming } from "../../scripts/contribute/record.ts";
import { chooseSlug } from "../../scripts/contribute/slug.ts";
import { loadArchive, nameProblem } from "../../scripts/load/index.ts";
import { fixtures, runScript, scratchArchive, treeHashes } from "./support.ts";

const captures = join(fixtures, "captures.jsonl");

test("the fixture import reports every line: what was created, appended, skipped and refused, and why", async () => {
  const dir = await scratchArchive();
  const { code, stdout } = runScript("scripts/import.ts", [captures, "--quiet"], dir);
  const reserved = nameProblem("search", "source");
  assert.ok(reserved);
  // The JSON parser's own wording differs between Node versions.
  assert.equal(
    stdout.replace(/not valid JSON \(.*?\); /, "not valid JSON (…); "),
    `created content/quay-gazette/lifeboat-appeal.md (2 versions)
updated content/quay-gazette/ferry-fares-rise.md (+1 version, 3 in all)
created content/island-radio/storm-warning-for-the-islands.md (1 version)

18 lines: 2 created an article, 2 appended a version, 4 skipped, 10 refused.

Skipped (already in the archive, or no change):
  line 9: already stored: identical to version 2 (from line 1), captured at 2025-05-02T10:00:00Z
  line 10: no change after normalising whitespace: differs from version 2 (from line 1), the version before it, only in spacing or Unicode form
  line 15: already stored: identical to version 2, captured at 2025-03-01T12:30:00Z
  line 16: blank line

Refused (nothing was written for these lines):
  line 3: not valid JSON (…); each line must be one complete JSON object
  line 4: missing the required field "headline"
  line 5: "captured_at": expected an ISO 8601 date and time with an offset, such as "2008-03-18T09:05:00Z", found "1 May 2025"
  line 6: "url": expected an absolute http:// or https:// address, found "javascript:alert(1)"
  line 7: the "body" is empty (no text once whitespace is removed); a capture without text is usually a failed scrape, so it is not stored
  line 8: captured at 2025-03-01T10:00:00Z, before the latest stored version (version 2, 2025-03-01T12:30:00Z); history is append-only, and inserting an older capture would renumber the versions after it
  line 13: "source": ${reserved.message}; ${reserved.fix}
  line 14: found both "body" and "paragraphs"; send the text once, in one of them
  line 17: this URL is already archived under the source "quay-gazette" (content/quay-gazette/ferry-fares-rise.md); an article cannot move to another source, so send it with "source": "quay-gazette"
  line 18: version 1 has the same capture time (2025-04-10T09:15:00+01:00) but different text; two captures of one article cannot share a time, so correct the time if both are real

Warnings:
  new source "island-radio": content/sources.yaml now has a stub entry (name "island-radio", homepage https://island-radio.test/, language "en"); complete its name, homepage, language and description before opening the pull request
  ignored the field "scraper_id", which is not part of the import format, on 2 lines (first: line 1)

Run npm run check to validate the archive before committing.
`,
  );
  assert.equal(code, 1, "a refused line makes the command fail, so a bot notices");

  const { archive, problems } = await loadArchive(join(dir, "content"), { root: dir });
  assert.deepEqual(problems, []);
  const lifeboat = archive.articles.find((article) => article.slug === "lifeboat-appeal");
  assert.deepEqual(
    lifeboat?.versions.map((version) => [version.capturedAt, version.headline]),
    [
      ["2025-05-01T18:00:00Z", "Lifeboat station launches boathouse appeal"],
      ["2025-05-02T10:00:00Z", "Lifeboat appeal passes first milestone"],
    ],
    "a new article's captures are stored oldest first, whatever the order of the lines",
  );
  const storm = archive.articles.find((article) => article.source === "island-radio");
  assert.deepEqual(storm?.versions[0]?.paragraphs, [
    "Forecasters have issued a storm warning for tonight.",
    "Ferries may be cancelled.",
  ]);
  assert.equal(storm?.versions[0]?.byline, undefined, "a null byline is no byline");
});

test("importing the same file again changes no byte and reports every line as skipped or refused", async () => {
  const dir = await scratchArchive();
  runScript("scripts/import.ts", [captures, "--quiet"], dir);
  const before = await treeHashes(dir);
  const { stdout } = runScript("scripts/import.ts", [captures, "--quiet"], dir);
  assert.deepEqual(await treeHashes(dir), before);
  assert.match(
    stdout,
    /^18 lines: 0 created an article, 0 appended a version, 8 skipped, 10 refused\.$/m,
  );
  assert.match(
    stdout,
    /^ {2}line 2: already stored: identical to version 1, captured at 2025-05-01T18:00:00Z$/m,
  );
  assert.doesNotMatch(stdout, /^(created|updated) /m);
});

test("standard input is read with -, and a clean import exits 0", async () => {
  const dir = await scratchArchive();
  const line = JSON.stringify({
    url: "https://quay-gazette.test/news/ferry-fares-rise",
    source: "quay-gazette",
    captured_at: "2025-03-04T09:00:00Z",
    headline: "Ferry fare rise delayed to June",
    byline: "Ada Penrose",
    body: "The ferry fare rise will now start in June.",
  });
  const { code, stdout, stderr } = runScript("scripts/import.ts", ["-"], dir, `${line}\n`);
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^updated content\/quay-gazette\/ferry-fares-rise\.md \(\+1 version, 3 in all\)$/m,
  );
  assert.match(
    stdout,
    /^1 line: 0 created an article, 1 appended a version, 0 skipped, 0 refused\.$/m,
  );
  assert.match(stderr, /^Read 1 line\.\nWrote 1 article of 1\.\n/, "progress goes to stderr");
});

test("a mistyped option is one line naming the closest option, exit 2, nothing written", async () => {
  const dir = await scratchArchive();
  const before = await treeHashes(dir);
  const { code, stdout, stderr } = runScript("scripts/import.ts", ["-", "--quite"], dir, "");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    "npm run import: unknown option --quite (did you mean --quiet?). See npm run import -- --help.\n",
  );
  assert.deepEqual(await treeHashes(dir), before);
  const missing = runScript("scripts/import.ts", [], dir);
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    "npm run import: give the file to import, or - for standard input. See npm run import -- --help.\n",
  );
});

test("lines end at \\n only: U+2028, U+2029 and a lone \\r inside a capture stay in it", async () => {
  const chunks = (text: string, size: number) => {
    const bytes = Buffer.from(text, "utf8");
    return (async function* () {
      // Cut anywhere, even inside a character.
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })();
  };
  const text = '{"a":"x\u2028y\u2029z"}\r\n{"b":"ø"}\n\n{"c":1}';
  for (const size of [1, 2, 3, 1000]) {
    const lines: string[] = [];
    for await (const line of readLines(chunks(text, size))) lines.push(line);
    assert.deepEqual(
      lines,
      ['{"a":"x\u2028y\u2029z"}', '{"b":"ø"}', "", '{"c":1}'],
      `size ${size}`,
    );
  }
  const none: string[] = [];
  for await (const line of readLines(chunks("", 4))) none.push(line);
  assert.deepEqual(none, []);

  // The command itself: a body with a line separator is one capture (node:readline splits it
  // there since Node 24).
  const dir = await scratchArchive();
  const line = JSON.stringify({
    url: "https://quay-gazette.test/news/ferry-fares-rise",
    source: "quay-gazette",
    captured_at: "2025-03-04T09:00:00Z",
    headline: "Ferry fare rise delayed to June",
    byline: "Ada Penrose",
    body: "The ferry fare rise will now start in June.\u2028Fares stay as they are until then.",
  });
  assert.ok(line.includes("\u2028"), "written unescaped, as JSON allows");
  const { code, stdout, stderr } = runScript(
    "scripts/import.ts",
    ["-", "--quiet"],
    dir,
    `${line}\n`,
  );
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^1 line: 0 created an article, 1 appended a version, 0 skipped, 0 refused\.$/m,
  );
});

test("a missing input file is a usage error, with nothing written", async () => {
  const dir = await scratchArchive();
  const before = await treeHashes(dir);
  const { code, stderr } = runScript("scripts/import.ts", ["nowhere.jsonl"], dir);
  assert.equal(code, 2);
  assert.match(stderr, /^Cannot read nowhere\.jsonl: no such file\./);
  assert.deepEqual(await treeHashes(dir), before);
});

test("--language is written in its canonical form, and a wrong one is a one-line usage error", async () => {
  const dir = await scratchArchive();
  const line = JSON.stringify({
    url: "https://harbour-news.test/uutiset/satama",
    source: "harbour-news",
    captured_at: "2025-06-01T06:00:00Z",
    headline: "Harbour reopens",
    body: "The harbour is open again.",
  });
  const before = await treeHashes(dir);
  const wrong = runScript("scripts/import.ts", ["-", "--language", "English"], dir, `${line}\n`);
  assert.equal(wrong.code, 2);
  assert.equal(
    wrong.stderr,
    'npm run import: --language: expected a BCP 47 language tag such as "en", "pt-BR" or "zh-Hans", found "English"; write the tag, not the name: "en". See npm run import -- --help.\n',
  );
  assert.deepEqual(await treeHashes(dir), before);
  const ok = runScript(
    "scripts/import.ts",
    ["-", "--language", "en-gb", "--quiet"],
    dir,
    `${line}\n`,
  );
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(
    await readFile(join(dir, "content/sources.yaml"), "utf8"),
    /^harbour-news:\n {2}name: "harbour-news"\n {2}homepage: "https:\/\/harbour-news\.test\/"\n {2}language: "en-GB"\n/m,
  );
});

test("a new source's stub uses --language, and sources.yaml stays sorted", async () => {
  const dir = await scratchArchive();
  const line = JSON.stringify({
    url: "https://aamulehti.test/uutiset/satama",
    source: "aamu",
    captured_at: "2025-06-01T06:00:00+03:00",
    headline: "Satama laajenee",
    body: "Satamaa laajennetaan ensi vuonna.",
  });
  runScript("scripts/import.ts", ["-", "--language", "fi", "--quiet"], dir, `${line}\n`);
  const sources = await readFile(join(dir, "content/sources.yaml"), "utf8");
  assert.match(
    sources,
    /^aamu:\n {2}name: "aamu"\n {2}homepage: "https:\/\/aamulehti\.test\/"\n {2}language: "fi"\nquay-gazette:\n/,
  );
});

// The rules in mergeVersions, without files.

function capture(line: number, capturedAt: string, body: string, headline = "Headline"): Incoming {
  const parsed = parseRecord(
    { url: "https://a.test/x", source: "a", captured_at: capturedAt, headline, body },
    line,
  );
  assert.ok(parsed.ok);
  return parsed.record;
}

test("a capture that flips back to an earlier text is a real change, not a duplicate", () => {
  const merged = mergeVersions(
    [],
    [
      capture(1, "2025-01-01T00:00:00Z", "A."),
      capture(2, "2025-01-02T00:00:00Z", "B."),
      capture(3, "2025-01-03T00:00:00Z", "A."),
    ],
  );
  assert.deepEqual(
    merged.versions.map((version) => version.body),
    ["A.", "B.", "A."],
  );
});

test("an older capture that matches the stored version of its time is skipped, not refused", () => {
  const stored = mergeVersions(
    [],
    [capture(1, "2025-01-01T00:00:00Z", "A."), capture(2, "2025-01-03T00:00:00Z", "B.")],
  ).versions;
  const merged = mergeVersions(stored, [capture(7, "2025-01-02T00:00:00Z", "A.")]);
  assert.deepEqual(merged.outcomes, [
    {
      line: 7,
      kind: "skipped",
      reason: "no change: same text as version 1, the version before it",
    },
  ]);
  assert.equal(merged.versions.length, 2);
});

test("slugs come from the URL, then its parent folder, then the headline, and never collide", () => {
  const taken = new Set(["privacy-policy", "page-2"]);
  assert.equal(
    chooseSlug(
      "https://example.test/Facebook/Privacy%20Policy.md",
      "Facebook — Privacy Policy",
      (s) => taken.has(s),
    ),
    "facebook-privacy-policy",
  );
  assert.equal(
    chooseSlug("https://example.test/news/world-europe-123.stm", "Talks stall", () => false),
    "world-europe-123",
  );
  assert.equal(
    chooseSlug(
      "https://example.test/1/2/7302530",
      "Russia, US renew 'positive' talks",
      () => false,
    ),
    "russia-us-renew-positive-talks",
    "a number is an id, not a name",
  );
  assert.equal(
    chooseSlug("https://example.test/page", "Page", () => false).startsWith("article-"),
    true,
    "a reserved slug is never used",
  );
  const used = new Set<string>();
  for (let n = 0; n < 3; n++) {
    used.add(chooseSlug("https://example.test/a/b/story", "Story", (s) => used.has(s)));
  }
  assert.deepEqual([...used], ["story", "b-story", "story-2"]);
});

test("slugs keep their letters: transliterated, never dropped", () => {
  const none = () => false;
  const headline = (text: string, language?: string) =>
    chooseSlug("https://example.test/7302530?ref=1", text, none, language);
  assert.equal(headline("Bauarbeiten in der Straße"), "bauarbeiten-in-der-strasse");
  assert.equal(headline("København vælger ny borgmester"), "kobenhavn-vaelger-ny-borgmester");
  assert.equal(headline("Новости: Путин и Байден"), "novosti-putin-i-bayden");
  assert.equal(headline("الرئيس يزور القاهرة"), "alryys-yzwr-alqahrt");
  assert.equal(headline("Ελλάδα: νέα μέτρα"), "ellada-nea-metra");
  // From the URL's own (percent-encoded) path, too.
  assert.equal(
    chooseSlug("https://example.test/nyheder/k%C3%B8benhavn-havn", "Havn", none),
    "kobenhavn-havn",
  );
  // Where languages spell a letter differently, the source's language decides.
  assert.equal(headline("Räksmörgås", "sv"), "raksmorgas");
  assert.equal(headline("Räksmörgås", "de"), "raeksmoergas");
  // Nothing to transliterate into Latin letters: a stable name from the URL.
  assert.match(headline("東京のニュース"), /^article-[0-9a-f]{8}$/);
});

test("an existing file keeps its slug, even one chosen before letters were transliterated", async () => {
  const dir = await scratchArchive();
  const old = join(dir, "content/quay-gazette/k-benhavn-havn.md");
  const text = (
    await readFile(join(dir, "content/quay-gazette/ferry-fares-rise.md"), "utf8")
  ).replace(
    "https://quay-gazette.test/news/ferry-fares-rise",
    "https://quay-gazette.test/news/København havn",
  );
  await writeFile(old, text);
  const line = JSON.stringify({
    url: "https://quay-gazette.test/news/København havn",
    source: "quay-gazette",
    captured_at: "2026-01-01T09:00:00Z",
    headline: "København havn genåbner",
    body: "Havnen er åben igen.",
  });
  const { code, stdout, stderr } = runScript(
    "scripts/import.ts",
    ["-", "--quiet"],
    dir,
    `${line}\n`,
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^updated content\/quay-gazette\/k-benhavn-havn\.md /m);
  assert.deepEqual((await readdir(join(dir, "content/quay-gazette"))).sort(), [
    "ferry-fares-rise.md",
    "harbour-wall-repairs.md",
    "k-benhavn-havn.md",
  ]);
});

test("importLines reads lazily and accounts for every line, including blank ones", async () => {
  const dir = await scratchArchive();
  async function* lines(): AsyncGenerator<string> {
    yield "";
    yield "not json";
  }
  const report = await importLines(lines(), { contentDir: join(dir, "content"), root: dir });
  assert.equal(report.lines, 2);
  assert.equal(report.skipped.length + report.refused.length, 2);
});
