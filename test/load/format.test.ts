import assert from "node:assert/strict";
import { test } from "node:test";
import { formatProblems } from "../../scripts/load/index.ts";
import type { ContentProblem } from "../../scripts/load/index.ts";

const problems: ContentProblem[] = [
  {
    file: "content/bbc/talks.md",
    field: "versions[2].captured_at",
    line: 14,
    message: 'expected a date and time with an offset, found "2008-03-18T09:05:00" without one',
    fix: 'add Z (UTC) or +hh:mm: "2008-03-18T09:05:00Z"',
  },
  {
    file: "content/sources.yaml",
    field: "",
    message: "expected a file describing every source, found none",
    fix: "create it",
  },
  {
    file: "content/bbc/talks.md",
    field: "versions[0].headlne",
    line: 6,
    message: 'expected one of the fields …, found the unknown field "headlne"',
    fix: 'did you mean "headline"? rename the field',
  },
];

test("problems are grouped per file, in line order, each as file:line → field → expected/found → fix", () => {
  assert.equal(
    formatProblems(problems),
    `content/bbc/talks.md
  content/bbc/talks.md:6 → versions[0].headlne → expected one of the fields …, found the unknown field "headlne" → did you mean "headline"? rename the field
  content/bbc/talks.md:14 → versions[2].captured_at → expected a date and time with an offset, found "2008-03-18T09:05:00" without one → add Z (UTC) or +hh:mm: "2008-03-18T09:05:00Z"

content/sources.yaml
  content/sources.yaml → expected a file describing every source, found none → create it

3 problems in 2 files`,
  );
});

test("the count line uses the singular for one", () => {
  assert.match(formatProblems(problems.slice(1, 2)), /\n1 problem in 1 file$/);
});

test("the report never says Error: and never shows a stack", () => {
  const report = formatProblems(problems);
  assert.doesNotMatch(report, /Error:|\n\s+at /);
});

test("control characters from untrusted content cannot reach the terminal", () => {
  const report = formatProblems([
    { file: "content/bbc/a.md", field: "url", message: 'found "\u001b[31mred"', fix: "fix it" },
  ]);
  assert.ok(!report.includes("\u001b"));
  assert.match(report, /\\u001b\[31mred/);
});
