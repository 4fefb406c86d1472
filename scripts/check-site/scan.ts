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

const RAW_TEXT = new Set(["script", "style", "textarea", "title"]);

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

/** Every start tag in the document, in order. */
export function* startTags(markup: string): Generator<Tag> {
  let at = 0;
  const length = markup.length;
  while (at < length) {
    const open = markup.indexOf("<", at);
    if (open === -1) return;
    if (markup.startsWith("<!--", open)) {
      const close = markup.indexOf("-->", open + 4);
      at = close === -1 ? length : close + 3;
      continue;
    }
    const nameMatch = /^<([a-zA-Z][^\s/>]*)/.exec(markup.slice(open, open + 64));
    if (!nameMatch) {
      at = open + 1;
      continue;
    }
    const name = nameMatch[1]!.toLowerCase();
    const attributes = new Map<string, string>();
    let i = open + nameMatch[0].length;
    // Attributes: name, optionally = and a value quoted with " or ', or unquoted.
    for (;;) {
      while (i < length && /[\s/]/.test(markup[i]!)) i++;
      if (i >= length || markup[i] === ">") break;
      const attrStart = i;
      while (i < length && !/[\s/>=]/.test(markup[i]!)) i++;
      const attrName = markup.slice(attrStart, i).toLowerCase();
      while (i < length && /\s/.test(markup[i]!)) i++;
      let value = "";
      if (markup[i] === "=") {
        i++;
        while (i < length && /\s/.test(markup[i]!)) i++;
        const quote = markup[i];
        if (quote === '"' || quote === "'") {
          const end = markup.indexOf(quote, i + 1);
          value = markup.slice(i + 1, end === -1 ? length : end);
          i = end === -1 ? length : end + 1;
        } else {
          const valueStart = i;
          while (i < length && !/[\s>]/.test(markup[i]!)) i++;
          value = markup.slice(valueStart, i);
        }
      }
      if (attrName && !attributes.has(attrName)) attributes.set(attrName, decodeEntities(value));
    }
    yield { name, attributes, offset: open };
    at = i + 1;
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}`, "gi");
      close.lastIndex = at;
      at = close.exec(markup)?.index ?? length;
    }
  }
}

/** 1-based line of an offset, for messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
