// Safe HTML building: every interpolated value is escaped unless it is already SafeHtml.
// Article text is untrusted; this tag is the only way the renderers produce markup.

/** Markup that is known to be safe (built by `html` or escaped). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const escapeOne = (char: string) => ESCAPES[char]!;

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most values (paths, dates, most words) need nothing: testing first skips the copy.
  return SPECIAL.test(text) ? text.replace(SPECIALS, escapeOne) : text;
}

function serialise(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(serialise).join("");
  if (value === null || value === undefined || value === false || value === true) return "";
  return escapeHtml(String(value));
}

/**
 * Elements whose edges end a line of text: whitespace next to their tags is never shown, so
 * the indentation the source code puts there can go. Next to any other tag (a link, <ins>,
 * <time>, …) a space can be a space a reader sees, and one is kept.
 */
const BLOCK_TAGS = new Set(
  (
    "html head body meta link title script style main header footer nav section article aside " +
    "div p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption " +
    "figure figcaption form fieldset legend details summary svg g rect path line circle br hr"
  ).split(" "),
);

/** Name of the tag that starts at `at` ("<p class…" or "</p>"), lower-case; "" if none. */
function tagAfter(text: string, at: number): string {
  const match = /^<\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(text.slice(at, at + 16));
  return match ? match[1]!.toLowerCase() : text.startsWith("<!", at) ? "!" : "";
}

/** Name of the tag that ends just before `at` ("…>"), lower-case; "" if none. */
function tagBefore(text: string, at: number): string {
  if (text[at - 1] !== ">") return "";
  const open = text.lastIndexOf("<", at - 1);
  return open < 0 ? "" : tagAfter(text, open);
}

const isBlock = (tag: string) => tag === "!" || BLOCK_TAGS.has(tag);

/**
 * One literal part of a template with its source indentation folded: a run of whitespace
 * that holds a line break becomes nothing next to a block tag's edge or before a tag's
 * closing ">" (`</a\n  >`, as Prettier wraps them), and one space anywhere else. Only the
 * literal text written in the source is folded, never an interpolated value; no renderer
 * writes a <pre> or <textarea>, where line breaks would mean something.
 */
export function foldIndentation(literal: string): string {
  return literal.replace(/\s*\n\s*/g, (run: string, at: number, text: string) => {
    const end = at + run.length;
    if (text[end] === ">") return "";
    if (text[end] === "<" && isBlock(tagAfter(text, end))) return "";
    if (isBlock(tagBefore(text, at))) return "";
    return " ";
  });
}

/** Each template's literal parts, folded once: a template literal's strings keep their identity. */
const folded = new WeakMap<TemplateStringsArray, readonly string[]>();

function foldedStrings(strings: TemplateStringsArray): readonly string[] {
  let parts = folded.get(strings);
  if (!parts) {
    parts = strings.map(foldIndentation);
    folded.set(strings, parts);
  }
  return parts;
}

/**
 * Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` values pass through.
 * The indentation of the template's own source is folded away (foldIndentation).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  const parts = foldedStrings(strings);
  let out = parts[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += serialise(values[i]) + (parts[i + 1] ?? "");
  }
  return new SafeHtml(out);
}

/** Trusted markup produced by the project's own code (never article text). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function join(parts: readonly HtmlValue[], separator = ""): SafeHtml {
  return new SafeHtml(parts.map(serialise).join(serialise(separator)));
}
