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

test("language tags are checked by Intl.getCanonicalLocales, and must be in canonical form", () => {
  const problemFor = (language: string) => {
    const { problems } = parseSourcesFile(
      "content/sources.yaml",
      `wire:\n  name: "Wire"\n  homepage: "https://wire.example"\n  language: ${JSON.stringify(language)}\n`,
    );
    return problems.map((p) => `${p.line} ${p.field} → ${p.message} → ${p.fix}`);
  };
  for (const valid of ["en", "en-GB", "pt-BR", "zh-Hans", "zh-Hant-TW", "sr-Latn", "de-DE-1996"]) {
    assert.deepEqual(problemFor(valid), [], valid);
  }
  // A well-formed tag in another form: refused, with the canonical form as the fix.
  assert.deepEqual(problemFor("en-gb"), [
    '4 wire.language → expected a language tag in its canonical form, found "en-gb" → write it as "en-GB"',
  ]);
  assert.match(problemFor("ZH-hans")[0]!, /write it as "zh-Hans"$/);
  assert.match(problemFor("iw")[0]!, /write it as "he"$/, "a deprecated tag: its replacement");
  // Not a tag at all: what was found, an example, and the likely fix.
  assert.deepEqual(problemFor("English"), [
    '4 wire.language → expected a BCP 47 language tag such as "en", "pt-BR" or "zh-Hans", found "English" → write the tag, not the name: "en"',
  ]);
  assert.match(problemFor("en_US")[0]!, /write it as "en-US" \(subtags are separated by "-"\)$/);
  assert.match(problemFor("e")[0]!, /write the language as a short tag: "en", "fr"/);
});
