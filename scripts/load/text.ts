// Text normalisation shared by the loader and the writer, so that what is
// compared (identical versions, diffs) never depends on how a file was saved.

const BOM = "\uFEFF";

/** Drops a leading byte-order mark and turns CRLF (and lone CR) line endings into LF. */
export function normaliseNewlines(text: string): string {
  const withoutBom = text.startsWith(BOM) ? text.slice(1) : text;
  return withoutBom.includes("\r") ? withoutBom.replace(/\r\n?/g, "\n") : withoutBom;
}

/**
 * Splits a body into paragraphs: a blank (or whitespace-only) line separates
 * paragraphs; each is NFC-normalised, its inner whitespace folded to single
 * spaces and trimmed; empty paragraphs are dropped.
 */
export function normaliseParagraphs(body: string): string[] {
  // NFC once for the whole body: a line break never composes with its
  // neighbours, so this equals normalising each paragraph, at a fraction of the cost.
  return nfc(normaliseNewlines(body))
    .split(/\n[^\S\n]*\n/)
    .map(foldWhitespace)
    .filter((paragraph) => paragraph !== "");
}

/** One line of plain text (a headline, a paragraph): NFC, single spaces, trimmed. */
export function normaliseLine(text: string): string {
  return foldWhitespace(nfc(text));
}

function foldWhitespace(text: string): string {
  // Matching only what must change (not every single space) is several times faster.
  return text.replace(/\s{2,}|[^\S ]/g, " ").trim();
}

/** NFC, skipping the (measurably slow) normaliser for ASCII text, which is always NFC. */
function nfc(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFC");
}

/** Decodes bytes as strict UTF-8; undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // fatal: invalid sequences throw instead of silently becoming U+FFFD.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
