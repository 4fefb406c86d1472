// Which of Pagefind's results really contain the searched words, and where.
//
// Pagefind answers a word it does not know with pages holding the longest prefix it does
// know ("interceptor" finds every "inter…" word), and each source's bundle does so on its
// own, beside another bundle's real matches. The search page shows a result only when its
// text holds every searched word: the same word once case, diacritics and punctuation are
// set aside (as Pagefind normalises), or a word with the same stem in the page's language.
// A quoted phrase must appear as consecutive words. Pure code, shared by the browser and
// the tests; no DOM.

/** Reduces a word to the stem of its language (one of @orama/stemmers). */
export type Stemmer = (word: string) => string;

export interface Term {
  /** As the reader typed it, for messages ("interceptor", "missile talks"). */
  text: string;
  /** Its words, normalised (`normaliseWord`), in order; one unless a phrase. */
  words: string[];
  /** Typed in quotes: the words must be consecutive. */
  phrase: boolean;
}

export interface Query {
  terms: Term[];
  /** What to hand Pagefind: every word, unquoted, so it stems and prefixes each (candidates). */
  pagefind: string;
}

/** A range of `content` (UTF-16 offsets, end exclusive). */
export interface Range {
  start: number;
  end: number;
}

/** Languages written without spaces between words, which Pagefind segments (zh, ja, th). */
export function segmentsWords(lang: string): boolean {
  return ["zh", "ja", "th"].includes(lang.split("-")[0]!.toLowerCase());
}

/** Combining marks, except the Japanese (semi-)voiced sound marks, which Pagefind keeps. */
const MARKS = /(?![\u3099\u309A])\p{M}/gu;
/** Anything that is not part of a word: Pagefind drops punctuation from words. */
const NOT_WORD = /[^\p{L}\p{N}\p{M}]/gu;

/** Case and diacritics set aside, as Pagefind's normalizeDiacritics and lower-casing do. */
export function fold(text: string): string {
  return text.toLocaleLowerCase().normalize("NFD").replace(MARKS, "").normalize("NFC");
}

/** A word as compared: folded, its punctuation dropped ("Keeper's" → "keepers"). */
export function normaliseWord(word: string): string {
  return fold(word).replace(NOT_WORD, "");
}

/**
 * Splits what the reader typed into terms: each word outside quotes is a term, each quoted
 * run a phrase. Words without a letter or digit ("-", "&") are dropped; an unclosed quote
 * runs to the end.
 */
export function parseQuery(input: string): Query {
  const terms: Term[] = [];
  const parts = input.split('"');
  parts.forEach((part, i) => {
    const tokens = part.split(/\s+/).filter((t) => normaliseWord(t) !== "");
    if (tokens.length === 0) return;
    const quoted = i % 2 === 1;
    if (quoted && tokens.length > 1) {
      terms.push({ text: tokens.join(" "), words: tokens.map(normaliseWord), phrase: true });
    } else {
      for (const t of tokens) terms.push({ text: t, words: [normaliseWord(t)], phrase: false });
    }
  });
  const seen = new Set<string>();
  const unique = terms.filter((t) => {
    const key = `${t.phrase}:${t.words.join(" ")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { terms: unique, pagefind: unique.flatMap((t) => t.words).join(" ") };
}

/** One word of a text, at its place; `key` is `normaliseWord` of its text. */
interface Word extends Range {
  key: string;
}

/**
 * A text's words, two ways: whitespace-separated tokens with their punctuation dropped
 * ("pay-and-display" → "payanddisplay", as Pagefind indexes it whole), and the parts between
 * punctuation ("pay", "and", "display", which Pagefind indexes too).
 */
export interface Words {
  tokens: Word[];
  parts: Word[];
}

export function wordsOf(content: string): Words {
  const tokens: Word[] = [];
  const parts: Word[] = [];
  for (const m of content.matchAll(/\S+/g)) {
    const key = normaliseWord(m[0]);
    if (!key) continue;
    const start = m.index;
    // The token's own range, without punctuation around it (a mark on "lighthouse", not "lighthouse,").
    const inner = /[\p{L}\p{N}][\s\S]*[\p{L}\p{N}\p{M}]|[\p{L}\p{N}]/u.exec(m[0]);
    const from = start + (inner?.index ?? 0);
    tokens.push({ start: from, end: from + (inner?.[0].length ?? m[0].length), key });
    for (const p of m[0].matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const partKey = normaliseWord(p[0]);
      if (partKey)
        parts.push({ start: start + p.index, end: start + p.index + p[0].length, key: partKey });
    }
  }
  return { tokens, parts };
}

/** Compares words: equal once normalised, or with the same stem. */
export class WordMatcher {
  private readonly stems = new Map<string, string>();
  constructor(private readonly stemmer?: Stemmer) {}

  /**
   * The stem of a normalised word. Both sides are stemmed in their folded form, so
   * "élèves" and "eleves" meet whichever way they were written.
   */
  private stemOf(key: string): string {
    let stem = this.stems.get(key);
    if (stem === undefined) {
      stem = safeStem(this.stemmer!, key);
      this.stems.set(key, stem);
    }
    return stem;
  }

  same(termWord: string, word: string): boolean {
    if (termWord === word) return true;
    if (!this.stemmer) return false;
    const a = this.stemOf(termWord);
    return a !== "" && a === this.stemOf(word);
  }
}

function safeStem(stemmer: Stemmer, word: string): string {
  try {
    return normaliseWord(stemmer(word));
  } catch {
    return word;
  }
}

/**
 * Where a term occurs in a text: the ranges of every occurrence (each a run of consecutive
 * words for a phrase), empty when it does not occur.
 */
function occurrences(words: Words, term: Term, matcher: WordMatcher): Range[] {
  const found: Range[] = [];
  for (const list of [words.tokens, words.parts]) {
    const n = term.words.length;
    for (let i = 0; i + n <= list.length; i++) {
      let all = true;
      for (let j = 0; j < n && all; j++) all = matcher.same(term.words[j]!, list[i + j]!.key);
      if (all) found.push({ start: list[i]!.start, end: list[i + n - 1]!.end });
    }
  }
  return found;
}

/**
 * For a language written without spaces: the term's text, folded and without punctuation or
 * spaces, as a substring of the text folded likewise (Pagefind segments such text into
 * words; here the characters themselves must be there, in order).
 */
function unsegmentedOccurrences(content: string, term: Term): Range[] {
  const needle = term.words.join("");
  if (!needle) return [];
  // Map each kept character of the folded text back to its place in `content`.
  let folded = "";
  const places: number[] = [];
  for (const m of content.matchAll(/[\p{L}\p{N}\p{M}]/gu)) {
    const f = normaliseWord(m[0]);
    for (let k = 0; k < f.length; k++) places.push(m.index);
    folded += f;
  }
  const found: Range[] = [];
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
    const last = places[at + needle.length - 1]!;
    found.push({ start: places[at]!, end: last + (content.codePointAt(last)! > 0xffff ? 2 : 1) });
  }
  return found;
}

export interface Match {
  /** Every occurrence of every term, sorted, overlaps merged: what the excerpt marks. */
  ranges: Range[];
}

/**
 * Whether `content` holds every term of the query (AND), and where. Undefined when one term
 * is missing.
 */
export function matchContent(
  content: string,
  terms: readonly Term[],
  matcher: WordMatcher,
  lang: string,
): Match | undefined {
  if (terms.length === 0) return undefined;
  const unsegmented = segmentsWords(lang);
  const words = unsegmented ? undefined : wordsOf(content);
  const ranges: Range[] = [];
  for (const term of terms) {
    const found = words ? occurrences(words, term, matcher) : unsegmentedOccurrences(content, term);
    if (found.length === 0) return undefined;
    ranges.push(...found);
  }
  return { ranges: mergeRanges(ranges) };
}

/** Which of the terms `content` holds (for saying which words no article contains). */
export function termsIn(
  content: string,
  terms: readonly Term[],
  matcher: WordMatcher,
  lang: string,
): Term[] {
  return terms.filter((t) => matchContent(content, [t], matcher, lang) !== undefined);
}

export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** A piece of an excerpt: plain text, or text to mark. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * About `words` words of `content` around the first marked range, as parts to print (text
 * only: the page makes text nodes and <mark> elements of them, never HTML). "…" stands for
 * what is left out at either end.
 */
export function buildExcerpt(content: string, ranges: readonly Range[], words = 30): ExcerptPart[] {
  const spans = [...content.matchAll(/\S+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (spans.length === 0) return [];
  const first = ranges[0];
  let at = first ? spans.findIndex((s) => s.end > first.start) : 0;
  if (at < 0) at = 0;
  // A few words of context before the first match, the rest after it.
  let from = Math.max(0, at - Math.floor(words / 4));
  const to = Math.min(spans.length, from + words);
  from = Math.max(0, to - words);
  const start = spans[from]!.start;
  const end = spans[to - 1]!.end;
  const parts: ExcerptPart[] = [];
  const push = (text: string, mark: boolean) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  if (from > 0) push("… ", false);
  let cursor = start;
  for (const r of ranges) {
    if (r.end <= start || r.start >= end) continue;
    const a = Math.max(r.start, start);
    const b = Math.min(r.end, end);
    push(content.slice(cursor, a), false);
    push(content.slice(a, b), true);
    cursor = b;
  }
  push(content.slice(cursor, end), false);
  if (to < spans.length) push(" …", false);
  return parts;
}

/**
 * Words of the archive that begin like a word no result holds, from the texts Pagefind
 * offered for it: the longest beginning that any of their words shares with it (at least
 * `min` characters, three by default), and the distinct words that begin with it, in
 * alphabetical order, lower-cased as written (accents kept).
 */
export function suggestionsFor(
  word: string,
  contents: Iterable<string>,
  options: { min?: number; max?: number } = {},
): { prefix: string; words: string[] } | undefined {
  const min = options.min ?? 3;
  const max = options.max ?? 8;
  let best = 0;
  // Normalised word → how it is shown; per length of the beginning shared with `word`.
  const byLength = new Map<number, Map<string, string>>();
  for (const content of contents) {
    for (const m of content.matchAll(/\S+/g)) {
      const forms = [m[0], ...[...m[0].matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((p) => p[0])];
      for (const form of forms) {
        const key = normaliseWord(form);
        if (key === word || key.length <= 1) continue;
        const n = commonPrefix(word, key);
        if (n < min || n < best) continue;
        best = n;
        let found = byLength.get(n);
        if (!found) byLength.set(n, (found = new Map()));
        if (!found.has(key)) found.set(key, form.toLocaleLowerCase().replace(NOT_WORD, ""));
      }
    }
  }
  const found = byLength.get(best);
  if (!found || best === 0) return undefined;
  const words = [...found.values()].sort((a, b) => a.localeCompare(b)).slice(0, max);
  return { prefix: [...word].slice(0, best).join(""), words };
}

/** Characters (code points) two words begin with alike. */
function commonPrefix(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}
