// One fixture per kind of mistake in an article file (test/fixtures/load/articles/).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseArticleFile } from "../../scripts/load/index.ts";
import type { ContentProblem } from "../../scripts/load/index.ts";

const fixtures = new URL("../fixtures/load/articles/", import.meta.url);
const SOURCES = new Set(["bbc"]);

function load(name: string) {
  const text = readFileSync(new URL(`${name}.md`, fixtures), "utf8");
  return parseArticleFile(`content/bbc/${name}.md`, text, SOURCES);
}

/** The problems of a fixture, which must not produce an article. */
function problemsOf(name: string): ContentProblem[] {
  const { article, problems } = load(name);
  assert.equal(article, undefined, `${name} should not load`);
  assert.ok(problems.length > 0, `${name} should have problems`);
  for (const problem of problems) assert.equal(problem.file, `content/bbc/${name}.md`);
  return problems;
}

function only(name: string): ContentProblem {
  const problems = problemsOf(name);
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
  return problems[0]!;
}

test("a missing field names the field, its version, and what to add", () => {
  const problem = only("missing-field");
  assert.equal(problem.field, "versions[0].headline");
  assert.equal(problem.line, 4);
  assert.match(problem.message, /expected the field "headline", found none/);
  assert.match(problem.fix, /^add headline:/);
});

test("an unknown field suggests the field that was meant", () => {
  const problems = problemsOf("unknown-field");
  assert.deepEqual(
    problems.map((p) => [p.field, p.line]),
    [
      ["versions[0].headlne", 5],
      ["versions[0].photographer", 7],
    ],
  );
  assert.match(problems[0]!.fix, /did you mean "headline"\?/);
  assert.doesNotMatch(problems[1]!.fix, /did you mean/);
  assert.match(problems[1]!.message, /captured_at, headline, byline/);
});

test("a timestamp that is not ISO 8601 says what format is expected", () => {
  const problem = only("bad-timestamp");
  assert.equal(problem.field, "versions[0].captured_at");
  assert.equal(problem.line, 4);
  assert.match(problem.message, /"2008-03-18T09:05:00Z", found "18 March 2008, 9:05am"/);
});

test("a timestamp without an offset asks for Z or +hh:mm", () => {
  const problem = only("timestamp-without-offset");
  assert.equal(problem.field, "versions[0].captured_at");
  assert.match(problem.message, /without one/);
  assert.match(problem.fix, /add Z \(UTC\) or \+hh:mm/);
  assert.match(problem.fix, /"2008-03-18T09:05:00Z"/);
});

test("versions out of time order are found by comparing instants, not text", () => {
  const problem = only("versions-out-of-order");
  assert.equal(problem.field, "versions[1].captured_at");
  assert.equal(problem.line, 9);
  assert.match(problem.message, /after versions\[0\] \(2008-03-18T09:30:00Z\).*which is earlier/);
  assert.match(problem.fix, /oldest first/);
});

test("a version identical to the one before it, up to whitespace, is noise", () => {
  const problem = only("identical-version");
  assert.equal(problem.field, "versions[1]");
  assert.equal(problem.line, 11);
  assert.match(problem.fix, /noise; delete it/);
});

test("addresses without a scheme are refused, for the article and its archive link", () => {
  const problems = problemsOf("invalid-url");
  assert.deepEqual(
    problems.map((p) => p.field),
    ["url", "versions[0].archive_url"],
  );
  assert.match(problems[0]!.message, /http:\/\/ or https:\/\/ address, found "www\.example\.com/);
  assert.match(problems[0]!.fix, /starting with "https:\/\/"/);
});

test("javascript: and data: addresses are refused by name", () => {
  const script = only("javascript-url");
  assert.equal(script.field, "versions[0].archive_url");
  assert.match(script.message, /found a javascript: address/);
  const data = only("data-url");
  assert.equal(data.field, "url");
  assert.match(data.message, /found a data: address/);
});

test("an empty body and a body of only whitespace are both refused", () => {
  const empty = only("empty-body");
  assert.equal(empty.field, "versions[0].body");
  assert.match(empty.message, /expected some text, found an empty value/);
  const blank = only("whitespace-body");
  assert.equal(blank.field, "versions[0].body");
  assert.match(blank.message, /found only whitespace/);
});

test("unquoted numbers are reported as written, with the quoted fix", () => {
  const problems = problemsOf("unquoted-number");
  assert.deepEqual(
    problems.map((p) => [p.field, p.fix]),
    [
      ["versions[0].headline", 'quote it: headline: "0123"'],
      ["versions[0].byline", 'quote it: byline: "1.10"'],
    ],
  );
  assert.match(problems[0]!.message, /found the number 0123: YAML reads unquoted 0123 as a number/);
});

test("unquoted true is a boolean, but unquoted no stays text (YAML 1.2)", () => {
  const problem = only("unquoted-boolean");
  assert.equal(problem.field, "versions[0].headline");
  assert.equal(problem.fix, 'quote it: headline: "true"');
});

test("a field given twice is refused instead of silently keeping one", () => {
  const problem = only("duplicate-key");
  assert.equal(problem.field, "versions[0].headline");
  assert.equal(problem.line, 6);
  assert.match(problem.message, /expected each field once, found "headline" a second time/);
});

test("YAML anchors and aliases are refused", () => {
  const problems = problemsOf("yaml-alias");
  assert.deepEqual(
    problems.map((p) => [p.field, p.line]),
    [
      ["versions[0].headline", 5],
      ["versions[1].headline", 9],
    ],
  );
  assert.match(problems[0]!.message, /anchor &headline/);
  assert.match(problems[1]!.message, /alias \*headline/);
});

test("an unclosed quote points at the line where the quoted value starts", () => {
  const problem = only("yaml-syntax-error");
  assert.equal(problem.line, 5);
  assert.match(
    problem.message,
    /^expected valid YAML, found a syntax error: Missing closing "quote/,
  );
  assert.match(problem.fix, /closing quote/);
});

test("a frontmatter that is a list, not fields, is refused", () => {
  const problem = only("not-a-mapping");
  assert.match(problem.message, /found a list/);
});

test("a file without frontmatter, with an unclosed one, or with an empty one is refused", () => {
  assert.match(only("no-frontmatter").message, /start with a line "---".*found "# Talks resume"/);
  assert.match(only("unclosed-frontmatter").message, /closing the frontmatter, found none/);
  assert.match(only("empty-frontmatter").message, /found an empty frontmatter/);
});

test("a misspelt tracking value suggests the right one", () => {
  const problem = only("wrong-tracking");
  assert.equal(problem.field, "tracking");
  assert.equal(problem.fix, 'did you mean "stopped"?');
});

test("a correction must point at an existing version", () => {
  const problem = only("correction-version-out-of-range");
  assert.equal(problem.field, "corrections[0].version");
  assert.match(problem.message, /from 1 to 1, found 2/);
});

test("three different mistakes in one file give three problems, in line order", () => {
  const problems = problemsOf("three-mistakes");
  assert.deepEqual(
    problems.map((p) => [p.line, p.field]),
    [
      [5, "versions[0].captured_at"],
      [10, "versions[1].headlne"],
      [13, "versions[2].captured_at"],
    ],
  );
});

test("an article in a folder that sources.yaml does not describe is refused", () => {
  const text = readFileSync(
    new URL("../fixtures/load/valid/content/bbc/budget-2008.md", import.meta.url),
    "utf8",
  );
  const { article, problems } = parseArticleFile("content/guardian/budget-2008.md", text, SOURCES);
  assert.equal(article, undefined);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /"guardian" to be described in sources\.yaml/);
  // Without a readable sources.yaml the folder is not blamed a second time.
  assert.ok(parseArticleFile("content/guardian/budget-2008.md", text, undefined).article);
});

test("a YAML 1.1 parser's surprises do not happen: dates, octal-looking numbers and yes stay text", () => {
  const text = [
    "---",
    "url: https://www.example.com/a",
    "versions:",
    "  - captured_at: 2024-05-01T09:00:00Z",
    "    headline: yes",
    "    byline: 2024-05-01",
    "    body: Flight 0123",
    "---",
    "",
  ].join("\n");
  const { article, problems } = parseArticleFile("content/bbc/a.md", text, SOURCES);
  assert.deepEqual(problems, []);
  assert.equal(article?.versions[0]?.headline, "yes");
  assert.equal(article?.versions[0]?.byline, "2024-05-01");
  assert.equal(article?.versions[0]?.capturedAt, "2024-05-01T09:00:00Z");
});

test("frontmatter cannot pick another parser such as gray-matter's eval-based javascript engine", () => {
  const text = '---js\n{ url: (globalThis.pwned = true, "https://x.com") }\n---\n';
  const { problems } = parseArticleFile("content/bbc/a.md", text, SOURCES);
  assert.equal(problems.length, 1);
  assert.equal((globalThis as { pwned?: boolean }).pwned, undefined);
});

test("explicit YAML tags that would make dates or bytes are refused", () => {
  const text = [
    "---",
    'url: "https://www.example.com/a"',
    "versions:",
    "  - captured_at: !!timestamp 2024-05-01T09:00:00Z",
    '    headline: "A"',
    '    body: "B"',
    "---",
  ].join("\n");
  const { problems } = parseArticleFile("content/bbc/a.md", text, SOURCES);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 4);
  assert.match(problems[0]!.message, /YAML tag/);
});
