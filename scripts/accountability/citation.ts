// How to cite one version of an article: plain text and BibTeX, with the version's SHA-256 so a
// reader can check that the text they find is the text that was cited.

import type { Version } from "../load/types.ts";

export interface CitationInput {
  /** The outlet's display name (Source.name). */
  outlet: string;
  /** Article.url: where the outlet published it. */
  originalUrl: string;
  /** Absolute, permanent address of the version's page in the archive. */
  permalink: string;
  version: Pick<Version, "number" | "capturedAt" | "time" | "headline">;
  /** versionSha256(version). */
  sha256: string;
  /** BibTeX key; default made from the permalink's path, e.g. "harbour-herald-library-hours-v2". */
  key?: string;
}

export interface Citation {
  text: string;
  bibtex: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "18 March 2008, 09:05 UTC", independent of the machine's locale. */
function when(time: number): string {
  const d = new Date(time);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** The ISO date (UTC) of a time: BibTeX's urldate. */
function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The plain-text and BibTeX citations of one version. */
export function citation(input: CitationInput): Citation {
  const { outlet, version } = input;
  const captured = when(version.time);
  const text =
    `${outlet}. “${version.headline}”. Version ${version.number}, captured ${captured}. ` +
    `Originally published at ${input.originalUrl}. Archived at ${input.permalink}. ` +
    `SHA-256 ${input.sha256}.`;
  const key = input.key ?? defaultKey(input.permalink, version.number);
  const fields: [string, string][] = [
    ["title", `{${bibtexEscape(version.headline)}}`],
    ["author", `{${bibtexEscape(outlet)}}`],
    ["howpublished", `\\url{${bibtexUrl(input.permalink)}}`],
    [
      "note",
      `Version ${version.number}, captured ${bibtexEscape(captured)}. Originally published at \\url{${bibtexUrl(input.originalUrl)}}`,
    ],
    ["urldate", isoDate(version.time)],
    ["sha256", input.sha256],
  ];
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(",\n");
  return { text, bibtex: `@misc{${key},\n${body}\n}\n` };
}

/** A BibTeX key from the permalink's path: letters, digits and hyphens only. */
function defaultKey(permalink: string, number: number): string {
  let path = permalink;
  try {
    path = new URL(permalink).pathname;
  } catch {
    // Not an absolute address: use it as it is.
  }
  const parts = path
    .split("/")
    .filter((part) => part !== "" && part !== "versions" && !/^\d+$/.test(part));
  const stem = parts
    .slice(-2)
    .join("-")
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${stem || "version"}-v${number}`;
}

const BIBTEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "%": "\\%",
  "#": "\\#",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
};

/**
 * Text for a BibTeX field: every character LaTeX treats specially is written as the command that
 * prints it, so braces always balance and "{{7*7}}" or "50% & rising" print as written.
 */
export function bibtexEscape(text: string): string {
  return text.replace(/[\\{}$&%#_^~]/g, (char) => BIBTEX_SPECIALS[char]!);
}

/** An address inside \url{}: braces, backslashes and spaces percent-encoded; % and # escaped. */
export function bibtexUrl(url: string): string {
  return url
    .replace(
      /[{}\\\s]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .replace(/[%#]/g, (char) => `\\${char}`);
}
