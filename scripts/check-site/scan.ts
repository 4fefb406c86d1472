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

// One pass of the regular-expression engine (much faster than stepping through characters):
// a comment, a raw-text element (its own attributes kept, its text skipped), or a start tag
// with attributes that may hold quoted ">".
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title)\b((?:[^>"']|"[^"]*"|'[^']*')*)>[\s\S]*?(?:<\/\1\s*>|$)|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

export function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  if (!source) return attributes;
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (attributes.has(name)) continue;
    attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

/** A start tag with its attributes still as written (parse them with parseAttributes). */
export interface RawTag {
  name: string;
  source: string;
  offset: number;
}

/** Every start tag in the document, in order, attributes unparsed (most callers skip most tags). */
export function* rawStartTags(markup: string): Generator<RawTag> {
  for (const match of markup.matchAll(TOKEN)) {
    const name = match[1] ?? match[3];
    if (name === undefined) continue;
    yield { name: name.toLowerCase(), source: match[2] ?? match[4] ?? "", offset: match.index };
  }
}

/** Every start tag in the document, in order. */
export function* startTags(markup: string): Generator<Tag> {
  for (const raw of rawStartTags(markup)) {
    yield { name: raw.name, attributes: parseAttributes(raw.source), offset: raw.offset };
  }
}
