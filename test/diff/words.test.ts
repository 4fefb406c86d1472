// How text is cut into words: exact, readable for every script, countable.

import assert from "node:assert/strict";
import { test } from "node:test";
import { countWords, tokenize } from "../../scripts/diff/index.ts";

test("tokens keep every character: joined they give back the text", () => {
  for (const text of [
    "Russia, US renew 'positive' talks",
    "  leading and trailing  ",
    "tab\there, no-break\u00a0space, line\nbreak",
    "我们今天去北京天安门。 Hello world",
    "emoji 👍🏽 and combining e\u0301 marks",
  ]) {
    assert.equal(tokenize(text).join(""), text);
  }
});

test("words keep their apostrophes and decimal points; hyphens and other punctuation stand apart", () => {
  assert.deepEqual(tokenize("Don’t cut $3.5bn from human-rights work."), [
    "Don’t",
    " cut",
    " $",
    "3.5bn",
    " from",
    " human",
    "-",
    "rights",
    " work",
    ".",
  ]);
});

test("words are counted as a reader would, Chinese by dictionary words", () => {
  assert.equal(countWords("The talks, officials said, were “positive”."), 6);
  assert.equal(countWords("Путин назвал переговоры «позитивными»."), 4);
  assert.equal(countWords("我们今天去北京。", "zh"), 4);
  assert.equal(countWords(" — "), 0);
});
