// Keys that decide when two texts count as "the same" for alignment, and when a
// difference is only cosmetic (minor).

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u02BC]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const ANY_QUOTE =
  /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u02BC\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
// Only what needs changing: a run of whitespace, or one whitespace character that is not a space.
// Replacing every single space with itself made alignment the slowest step of a diff.
const WHITESPACE = /\s{2,}|[^\S ]/g;
const NEEDS_KEYING =
  /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u02BC\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]|\s\s|[^\S ]|^ | $/;
// Quotes are punctuation too, so after unifyQuotes this also removes them.
const PUNCTUATION = /\p{P}+/gu;

/** Curly, low-9 and guillemet quotes become plain ' and ", so quote style alone never hides a match. */
export function unifyQuotes(text: string): string {
  return ANY_QUOTE.test(text) ? text.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"') : text;
}

/**
 * The key paragraphs are aligned on: NFC, plain quotes, whitespace collapsed.
 * Two paragraphs with the same key but different text are an edit, and a minor one.
 */
export function alignmentKey(text: string): string {
  const nfc = text.normalize("NFC");
  // Most paragraphs need nothing more; one scan tells, instead of one per rule.
  return NEEDS_KEYING.test(nfc) ? unifyQuotes(nfc).replace(WHITESPACE, " ").trim() : nfc;
}

/**
 * Equal keys mean the texts differ only in whitespace, quote style or punctuation.
 * Punctuation becomes a space rather than nothing, so "human rights" and
 * "human-rights" agree while "the rapist" and "therapist" do not.
 */
export function minorKey(text: string): string {
  return alignmentKey(text).replace(PUNCTUATION, " ").replace(WHITESPACE, " ").trim();
}
