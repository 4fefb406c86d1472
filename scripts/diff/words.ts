// Splitting text into word tokens that keep every character, so a diff over
// tokens can always give back the exact text.

import { unifyQuotes } from "./normalise.ts";

// Scripts written without spaces between words. Without Intl.Segmenter each of
// their characters is a token of its own, which still gives a readable diff.
const NO_SPACE_SCRIPTS =
  "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}";
const WORD_CHAR = `[^\\s\\p{P}\\p{S}${NO_SPACE_SCRIPTS}]`;

/**
 * One token: the whitespace before it, then a word ("don't" and "3.5" stay
 * whole), one character of a script without spaces, or one other character.
 * Whitespace at the very end is a token of its own. Every character of the
 * text lands in exactly one token.
 */
const TOKEN = new RegExp(
  `\\s*(?:${WORD_CHAR}+(?:(?:['\u2019]|(?<=\\p{N})[.,:](?=\\p{N}))${WORD_CHAR}+)*|[${NO_SPACE_SCRIPTS}]\\p{M}*|\\S)|\\s+`,
  "gu",
);
const HAS_NO_SPACE_SCRIPT = new RegExp(`[${NO_SPACE_SCRIPTS}]`, "u");
const WORD_LIKE = /[\p{L}\p{N}]/u;
const WORD = new RegExp(`${WORD_CHAR}+(?:(?:'|(?<=\\p{N})[.,:](?=\\p{N}))${WORD_CHAR}+)*`, "gu");
const LEADING_WHITESPACE = /^\s+/;
const ONLY_WHITESPACE = /^\s+$/;

const segmenters = new Map<string, Intl.Segmenter | null>();

/** A word segmenter for the language, or null where the runtime has none (old browsers). */
function segmenterFor(language: string | undefined): Intl.Segmenter | null {
  const key = language ?? "";
  let segmenter = segmenters.get(key);
  if (segmenter === undefined) {
    if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
      segmenter = null;
    } else {
      try {
        segmenter = new Intl.Segmenter(language, { granularity: "word" });
      } catch {
        // An unknown language tag is no reason to give up: use the default rules.
        segmenter = new Intl.Segmenter(undefined, { granularity: "word" });
      }
    }
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/**
 * Splits text into tokens whose concatenation is exactly the text. Each token is
 * leading whitespace plus one word or punctuation mark; text in a script without
 * spaces (Chinese, Japanese, Thai, ...) is split with Intl.Segmenter.
 */
export function tokenize(text: string, language?: string): string[] {
  if (HAS_NO_SPACE_SCRIPT.test(text)) {
    const segmenter = segmenterFor(language);
    if (segmenter) return segmentTokens(text, segmenter);
  }
  return text.match(TOKEN) ?? [];
}

function segmentTokens(text: string, segmenter: Intl.Segmenter): string[] {
  const tokens: string[] = [];
  let pending = "";
  for (const { segment } of segmenter.segment(text)) {
    if (ONLY_WHITESPACE.test(segment)) {
      pending += segment;
    } else {
      tokens.push(pending + segment);
      pending = "";
    }
  }
  if (pending !== "") tokens.push(pending);
  return tokens;
}

/** The token without its leading whitespace: what the diff compares. */
export function tokenCore(token: string): string {
  return token.replace(LEADING_WHITESPACE, "");
}

/** A token counts as a word when it has a letter or a digit (not punctuation or whitespace). */
export function isWord(token: string): boolean {
  return WORD_LIKE.test(token);
}

/** Number of words in the text, as a reader would count them; Chinese and Japanese by dictionary words. */
export function countWords(text: string, language?: string): number {
  let count = 0;
  for (const token of tokenize(text, language)) if (isWord(token)) count++;
  return count;
}

/**
 * The distinct words of a text, lower-cased with plain quotes: what similarity
 * between paragraphs is measured on. A text without words (a row of asterisks)
 * is represented by itself, so it can still match its twin.
 */
export function wordSet(text: string, language?: string): Set<string> {
  const words = new Set<string>();
  if (HAS_NO_SPACE_SCRIPT.test(text)) {
    for (const token of tokenize(text, language)) {
      if (isWord(token)) words.add(unifyQuotes(tokenCore(token)).toLowerCase());
    }
  } else {
    // The same words as tokenize() finds, without building tokens: this runs on
    // every paragraph that is not identical in both versions.
    for (const [word] of unifyQuotes(text).toLowerCase().matchAll(WORD)) words.add(word);
  }
  if (words.size === 0) {
    const trimmed = text.trim();
    if (trimmed !== "") words.add(trimmed);
  }
  return words;
}
