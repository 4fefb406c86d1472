// A small tokenizer for the markup the build writes: start tags and their attributes, with
// the text of <script>, <style>, <textarea> and <title> skipped (their text is not markup).
// Enough to list every link and id of a page without a DOM, so the check stays fast on
// archives of hundreds of thousands of pages.

export interface Tag {
  /** Lower-case tag name. */
  name: string;
  /** Lower-case attribute names → decoded values ("" for an attribute without a value). */
  attributes: Map<string, string>;
  /** Offset of the "<" in the document, for messages. */
  offset: number;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decodes character references in an attribute value (numeric, and the few named ones markup uses). */
export function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Characters that end an attribute's name (and cannot start one): `[\s"'=<>\`/]`. */
function endsName(c: number): boolean {
  return (
    c === 34 || c === 39 || c === 61 || c === 60 || c === 62 || c === 96 || c === 47 || isSpace(c)
  );
}

/**
 * Calls `visit` with each attribute of a start tag (`source`, as written between its name and
 * ">"), in order: its name as written and its value still encoded ("" when it has none). An
 * unquoted value runs to the next space or ">"; a value whose quote is never closed is read
 * unquoted, quote and all; characters that cannot start a name are skipped.
 */
export function forEachAttribute(
  source: string,
  visit: (name: string, value: string) => void,
): void {
  const length = source.length;
  let at = 0;
  while (at < length) {
    if (endsName(source.charCodeAt(at))) {
      at++;
      continue;
    }
    const nameStart = at;
    while (at < length && !endsName(source.charCodeAt(at))) at++;
    const name = source.slice(nameStart, at);
    let k = at;
    while (k < length && isSpace(source.charCodeAt(k))) k++;
    if (source.charCodeAt(k) !== 61 /* = */) {
      visit(name, "");
      continue;
    }
    k++;
    while (k < length && isSpace(source.charCodeAt(k))) k++;
    const c = source.charCodeAt(k);
    const close = c === 34 || c === 39 ? source.indexOf(c === 34 ? '"' : "'", k + 1) : -1;
    if (close !== -1) {
      visit(name, source.slice(k + 1, close));
      at = close + 1;
    } else if (k < length && c !== 62 /* > */) {
      let end = k;
      while (end < length && source.charCodeAt(end) !== 62 && !isSpace(source.charCodeAt(end))) {
        end++;
      }
      visit(name, source.slice(k, end));
      at = end;
    } else {
      visit(name, ""); // "=" with no value: the name alone, and reading goes on after it
    }
  }
}

/**
 * A tag's attributes (`source` as written between its name and ">"): lower-case names →
 * decoded values ("" for an attribute without a value). The first of a repeated attribute
 * wins, as in a browser.
 */
export function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  forEachAttribute(source, (written, value) => {
    const name = written.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(value));
  });
  return attributes;
}

/** Elements whose text is not markup: skipped to their end tag (their own tag is read). */
const RAW_TEXT = ["script", "style", "textarea", "title"];
const RAW_END = new Map(RAW_TEXT.map((name) => [name, new RegExp(`</${name}\\s*>`, "gi")]));

/** Characters of JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether `text` at `at` is `lower` (lower-case ASCII), in any case. */
function startsWithLowerCase(text: string, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    if ((text.charCodeAt(at + i) | 32) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordCharacter = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

/**
 * Where the attributes of a start tag that begin at `from` end: the ">" that closes the tag
 * (quoted values may hold ">"), or -1 when a quote or the tag is never closed.
 */
function tagEnd(markup: string, from: number): number {
  for (let k = from; k < markup.length; k++) {
    const c = markup.charCodeAt(k);
    if (c === 62 /* > */) return k;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      k = markup.indexOf(c === 34 ? '"' : "'", k + 1);
      if (k === -1) return -1;
    }
  }
  return -1;
}

/**
 * Calls `visit` with every start tag of the document, in order: its name as written, its
 * attributes unparsed (as written between the name and ">") and its offset. Comments are
 * skipped, and so is the text of <script>, <style>, <textarea> and <title> (not markup).
 * A "<" that starts no complete tag is text. Written out by hand rather than as one regular
 * expression: the link check runs it over every page of the site, and matching every tag
 * was over a third of the check's time in a render worker's profile
 * (test/hostile/scan.test.ts holds it to the regular expression).
 */
export function forEachStartTag(
  markup: string,
  visit: (name: string, source: string, offset: number) => void,
): void {
  const length = markup.length;
  for (let at = markup.indexOf("<"); at !== -1;) {
    const first = markup.charCodeAt(at + 1);
    if (first === 33 /* ! */ && markup.startsWith("!--", at + 1)) {
      const close = markup.indexOf("-->", at + 4);
      if (close === -1) return; // a comment left open runs to the end
      at = markup.indexOf("<", close + 3);
      continue;
    }
    if (!isLetter(first)) {
      at = markup.indexOf("<", at + 1);
      continue;
    }
    let nameEnd = at + 2;
    while (nameEnd < length) {
      const c = markup.charCodeAt(nameEnd);
      if (c === 47 /* / */ || c === 62 /* > */ || isSpace(c)) break;
      nameEnd++;
    }
    // A raw-text element's name ends at a word boundary ("<script-x" is a script); if its
    // tag does not close, the "<" is read again as an ordinary tag.
    let raw: RegExp | undefined;
    let end = -1;
    const lower = first | 32;
    if (lower === 115 /* s */ || lower === 116 /* t */) {
      for (const name of RAW_TEXT) {
        if (
          startsWithLowerCase(markup, at + 1, name) &&
          !isWordCharacter(markup.charCodeAt(at + 1 + name.length))
        ) {
          end = tagEnd(markup, at + 1 + name.length);
          if (end !== -1) {
            raw = RAW_END.get(name);
            nameEnd = at + 1 + name.length;
          }
          break;
        }
      }
    }
    if (!raw) end = tagEnd(markup, nameEnd);
    if (end === -1) {
      at = markup.indexOf("<", at + 1);
      continue;
    }
    visit(markup.slice(at + 1, nameEnd), markup.slice(nameEnd, end), at);
    if (raw) {
      raw.lastIndex = end + 1;
      if (!raw.exec(markup)) return; // an element left open runs to the end
      at = markup.indexOf("<", raw.lastIndex);
    } else {
      at = markup.indexOf("<", end + 1);
    }
  }
}

/** Every start tag in the document, in order, its attributes parsed. */
export function startTags(markup: string): Tag[] {
  const tags: Tag[] = [];
  forEachStartTag(markup, (name, source, offset) =>
    tags.push({ name: name.toLowerCase(), attributes: parseAttributes(source), offset }),
  );
  return tags;
}
