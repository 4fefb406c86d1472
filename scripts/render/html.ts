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

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` values pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += serialise(values[i]) + (strings[i + 1] ?? "");
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
