// Correction and update notices, as a reader would spot them in an article.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compileNoticePatterns,
  detectNotices,
  ENGLISH_NOTICES,
  newNotices,
  withoutNotice,
  WITHOUT_NOTICE_TEXT,
} from "../../scripts/accountability/index.ts";
import { MAY_HOLD_NOTICE } from "../../scripts/accountability/notices.ts";
import { parseSourcesFile, serializeSources } from "../../scripts/load/index.ts";
import type { Version } from "../../scripts/load/index.ts";

function version(paragraphs: string[], standfirst?: string): Version {
  return {
    number: 1,
    capturedAt: "2024-01-01T00:00:00Z",
    time: 0,
    headline: "Harbour dredging over budget",
    paragraphs,
    ...(standfirst === undefined ? {} : { standfirst }),
  };
}

test("English notices are found sentence by sentence, with their kind and paragraph", () => {
  const notices = detectNotices(
    version([
      "The project is £2.1m over budget.",
      "Correction: an earlier figure of £2.3m was wrong.",
      "Officials declined to comment. An earlier version of this article misstated the chair's name.",
      "This article has been updated to include a statement from the board.",
      "Clarification: the report was commissioned by the board, not the council.",
      "Editor's note: names have been changed to protect the witnesses.",
      "Update: the board met on Tuesday.",
      "Updated at 10.45 BST.",
      "The council updated its guidance on Tuesday.",
    ]),
  );
  assert.deepEqual(
    notices.map((n) => [n.kind, n.paragraph, n.text]),
    [
      ["correction", 1, "Correction: an earlier figure of £2.3m was wrong."],
      ["correction", 2, "An earlier version of this article misstated the chair's name."],
      ["update", 3, "This article has been updated to include a statement from the board."],
      [
        "clarification",
        4,
        "Clarification: the report was commissioned by the board, not the council.",
      ],
      ["editors-note", 5, "Editor's note: names have been changed to protect the witnesses."],
      ["update", 6, "Update: the board met on Tuesday."],
      ["update", 7, "Updated at 10.45 BST."],
    ],
  );
});

test("a notice in the standfirst is found there (paragraph -1)", () => {
  const [notice] = detectNotices(version(["Text."], "Updated on 3 May with the council's reply"));
  assert.equal(notice?.kind, "update");
  assert.equal(notice?.paragraph, -1);
});

test("a source's own patterns find notices in its language, the kind taken from a named group", () => {
  const patterns = compileNoticePatterns(["^(?<correction>Исправление):", "^Обновлено"]);
  const notices = detectNotices(
    version(["Мост закрыт.", "Исправление: ремонт продлится 15 месяцев.", "Обновлено в 12:00."]),
    patterns,
  );
  assert.deepEqual(
    notices.map((n) => [n.kind, n.paragraph]),
    [
      ["correction", 1],
      ["update", 2],
    ],
  );
});

test("sources.yaml accepts notice patterns and refuses one that does not compile, naming it", () => {
  const yaml = (pattern: string): string =>
    `zarechny:\n  name: "Z"\n  homepage: "https://z.test/"\n  language: "ru"\n  notices:\n    - "^Исправление:"\n    - ${JSON.stringify(pattern)}\n`;
  const good = parseSourcesFile("content/sources.yaml", yaml("^Обновлено"));
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.sources[0]?.notices, ["^Исправление:", "^Обновлено"]);
  const bad = parseSourcesFile("content/sources.yaml", yaml("(Обновлено"));
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0]!.field, "zarechny.notices[1]");
  assert.equal(bad.problems[0]!.line, 7);
  assert.match(bad.problems[0]!.message, /regular expression that compiles/);
  assert.match(bad.problems[0]!.message, /"\(Обновлено"/);
});

test("new notices are those the older version did not carry, however they were restyled", () => {
  const before = version(["Text.", "Correction: the figure was wrong."]);
  const after = version([
    "Text.",
    "CORRECTION:  the figure was wrong",
    "This story has been updated with the board's reply.",
  ]);
  assert.deepEqual(
    newNotices(before, after).map((n) => n.text),
    ["This story has been updated with the board's reply."],
  );
  assert.deepEqual(newNotices(after, after), []);
});

test("a substantive or major change without a new notice is stated as a fact", () => {
  const notice = detectNotices(version(["Correction: wrong figure."]));
  assert.equal(withoutNotice("major", []), true);
  assert.equal(withoutNotice("substantive", []), true);
  assert.equal(withoutNotice("substantive", notice), false);
  assert.equal(withoutNotice("small", []), false);
  assert.equal(withoutNotice("minor", []), false);
  assert.equal(WITHOUT_NOTICE_TEXT, "No correction or update notice was added");
});

test("rewriting sources.yaml (as an import adding a source does) keeps a source's notice patterns", () => {
  const text =
    'zarechny:\n  name: "Z"\n  homepage: "https://z.test/"\n  language: "ru"\n  notices:\n    - "^Исправление:"\n';
  const { sources } = parseSourcesFile("content/sources.yaml", text);
  const entries = Object.fromEntries(sources.map(({ key, ...rest }) => [key, rest]));
  const again = parseSourcesFile("content/sources.yaml", serializeSources(entries));
  assert.deepEqual(again.sources[0]?.notices, ["^Исправление:"]);
});

test("a paragraph without the words notices are made of is not split into sentences", () => {
  for (const { pattern } of ENGLISH_NOTICES) {
    const samples = [
      "Correction: the figure was wrong.",
      "An earlier version of this article misstated the date.",
      "This article has been corrected.",
      "Clarification: the minister spoke on Monday.",
      "This story was amended.",
      "Editor's note: names have been changed.",
      "This piece has been updated.",
      "Update: more to follow.",
      "Updated at 10:45.",
    ].filter((text) => pattern.test(text));
    assert.ok(samples.length > 0, `a sample for ${pattern}`);
    for (const text of samples) assert.match(text, MAY_HOLD_NOTICE);
  }
});
