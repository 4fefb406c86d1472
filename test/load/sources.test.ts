import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSourcesFile } from "../../scripts/load/index.ts";

test("sources come back sorted by key, whatever order the file lists them in", () => {
  const { sources, problems } = parseSourcesFile(
    "content/sources.yaml",
    'nytimes: { name: "NYT", homepage: "https://www.nytimes.com", language: "en" }\nbbc: { name: "BBC", homepage: "https://www.bbc.co.uk", language: "en-GB" }\n',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    sources.map((s) => s.key),
    ["bbc", "nytimes"],
  );
});

test("a sources.yaml with a YAML error reports it and names no keys, so articles are not blamed too", () => {
  const parsed = parseSourcesFile("content/sources.yaml", 'bbc:\n  name: "BBC\n  language: en\n');
  assert.equal(parsed.keys, undefined);
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.line, 2);
});

test("a sources.yaml that is a list, or empty, says what shape is expected", () => {
  assert.match(
    parseSourcesFile("s.yaml", "- bbc\n- nytimes\n").problems[0]!.message,
    /one entry per source, found a list/,
  );
  assert.match(parseSourcesFile("s.yaml", "").problems[0]!.message, /found an empty file/);
});

test("an entry written as text instead of fields says so", () => {
  const { problems, keys } = parseSourcesFile("content/sources.yaml", 'bbc: "BBC News"\n');
  assert.deepEqual(
    problems.map((p) => [p.field, p.line]),
    [["bbc", 1]],
  );
  assert.match(problems[0]!.message, /expected a group of indented fields, found "BBC News"/);
  assert.ok(keys?.has("bbc"));
});

test("a key YAML would read as a number is still the folder name it spells", () => {
  const { sources, problems } = parseSourcesFile(
    "content/sources.yaml",
    '0123: { name: "Zero", homepage: "https://zero.example", language: "en" }\n',
  );
  assert.deepEqual(problems, []);
  assert.equal(sources[0]?.key, "0123");
});
