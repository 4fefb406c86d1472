import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeUtf8, normaliseParagraphs } from "../../scripts/load/index.ts";

test("paragraphs are separated by blank lines, and lines inside one are joined", () => {
  assert.deepEqual(
    normaliseParagraphs("First line\nof the first paragraph.\n\nSecond paragraph.\n"),
    ["First line of the first paragraph.", "Second paragraph."],
  );
});

test("Windows line endings and a byte-order mark change nothing", () => {
  assert.deepEqual(normaliseParagraphs("\uFEFFOne\r\ntwo.\r\n\r\nThree.\r\n"), [
    "One two.",
    "Three.",
  ]);
});

test("a line holding only spaces or tabs counts as blank, and runs of blank lines make one break", () => {
  assert.deepEqual(normaliseParagraphs("One.\n  \t\n\n\nTwo."), ["One.", "Two."]);
});

test("whitespace inside a paragraph is folded to single spaces and trimmed", () => {
  assert.deepEqual(normaliseParagraphs("  Tabs\tand   spaces\u00A0and no-break spaces  "), [
    "Tabs and spaces and no-break spaces",
  ]);
});

test("text is normalised to NFC, so the same word typed two ways compares equal", () => {
  const decomposed = "cafe\u0301";
  const [paragraph] = normaliseParagraphs(decomposed);
  assert.equal(paragraph, "caf\u00E9");
  assert.equal(paragraph?.length, 4);
});

test("a body of whitespace has no paragraphs", () => {
  assert.deepEqual(normaliseParagraphs(" \n\n\t\n "), []);
});

test("invalid UTF-8 is refused rather than turned into replacement characters", () => {
  assert.equal(decodeUtf8(new Uint8Array([0x63, 0x61, 0x66, 0xe9])), undefined);
  assert.equal(decodeUtf8(new TextEncoder().encode("café")), "café");
});
