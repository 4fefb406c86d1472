// The canonical text of a version: what its SHA-256 is computed over, defined exactly in
// docs/accountability.md ("Citing a version") so anyone can check a hash with jq and sha256sum.

import type { Version } from "../load/types.ts";

/**
 * Headline, standfirst (if any), byline (if any), then each paragraph, each separated from the
 * next by one blank line ("\n\n"), ending in one "\n"; UTF-8 when hashed. The fields are the
 * loader's normalised text (NFC, whitespace folded), so no part holds a line break of its own.
 */
export function canonicalText(
  version: Pick<Version, "headline" | "standfirst" | "byline" | "paragraphs">,
): string {
  const parts = [version.headline];
  if (version.standfirst !== undefined) parts.push(version.standfirst);
  if (version.byline !== undefined) parts.push(version.byline);
  parts.push(...version.paragraphs);
  return `${parts.join("\n\n")}\n`;
}

/**
 * The jq filter that prints a version's canonical text from its JSON (history.json's
 * `versions[]`, or one line of the JSON Lines export): nulls are left out, as canonicalText
 * leaves out missing fields.
 */
export const CANONICAL_JQ =
  '([.headline, .standfirst, .byline] + .paragraphs | map(select(. != null)) | join("\\n\\n")) + "\\n"';

/** A shell command that prints the SHA-256 of version `number` from an article's history.json. */
export function checkCommand(historyUrl: string, number: number): string {
  const url = historyUrl.replace(/'/g, "%27");
  return `curl -s '${url}' | jq -j '.versions[] | select(.number == ${number}) | ${CANONICAL_JQ}' | sha256sum`;
}

/**
 * The same check from the JSON Lines export, where every version is whole (history.json keeps
 * versions after the first as edits, so checkCommand only reads version 1 there): read from
 * `datasetUrl` when the site publishes the export, else from a local `archive.jsonl`.
 */
export function jsonlCheckCommand(articleId: string, number: number, datasetUrl?: string): string {
  const filter = `'select(.article_id == "${articleId.replace(/["'\\]/g, "")}" and .version == ${number}) | ${CANONICAL_JQ}'`;
  return datasetUrl === undefined
    ? `jq -j ${filter} archive.jsonl | sha256sum`
    : `curl -s '${datasetUrl.replace(/'/g, "%27")}' | jq -j ${filter} | sha256sum`;
}
