// What the search index holds, chosen from the model rather than crawled from dist/.
//
// Pagefind's cost grows with every page it indexes, and most pages of this site repeat the
// same article text (every version page, every diff page shows it again). So the index
// holds, per article, exactly two kinds of record:
//   - the current text (latest version), landing on the latest version's page;
//   - per change that removed words, only the removed words (not the words around them, which
//     are still there and would make every search hit every change), landing on that change's
//     diff page at the first paragraph that lost words.
// Words present now are found once; words that are gone are found at the change that removed
// them. Every record carries the filters `source` and `year` and meta for the results list.
import type { Block, Change, Segment } from "../diff/types.ts";
import { formatDate } from "../render/format.ts";
import { html, type SafeHtml } from "../render/html.ts";
import type { ArticleEntry, ChangeEntry } from "../site/model.ts";
import { versionPath } from "../site/paths.ts";

export interface SearchRecord {
  /** Site-relative address with a leading "/" (the search page prefixes the base path). */
  url: string;
  /** Language of the text: Pagefind builds one index per language. */
  lang: string;
  /** A small HTML document in Pagefind's vocabulary (data-pagefind-body/meta/filter). */
  html: string;
}

/** Shown in results next to the headline. */
export const KIND_CURRENT = "Current text";

function yearOf(time: number): string {
  return String(new Date(time).getUTCFullYear());
}

function document(
  lang: string,
  meta: Record<string, string>,
  filters: { source: string; year: string[] },
  body: SafeHtml,
): string {
  // Meta and filters sit outside data-pagefind-body: recorded, but not searchable words. No
  // <head> and no whitespace between elements: Pagefind would read them for nothing (the
  // bundle is the same without them, since meta title is given).
  const labels = Object.entries(meta).map(
    ([key, value]) => html`<span data-pagefind-meta="${key}">${value}</span>`,
  );
  const years = filters.year.map((y) => html`<span data-pagefind-filter="year">${y}</span>`);
  return html`<html lang="${lang}">
    <body>
      <div hidden>
        ${labels}<span data-pagefind-filter="source">${filters.source}</span>${years}
      </div>
      <main data-pagefind-body>${body}</main>
    </body>
  </html>`.value;
}

function currentTextRecord(entry: ArticleEntry): SearchRecord {
  const a = entry.article;
  const v = a.versions.at(-1)!;
  const years = [...new Set(a.versions.map((x) => yearOf(x.time)))];
  return {
    url: `/${versionPath(a.source, a.slug, v.number)}`,
    lang: entry.source.language,
    html: document(
      entry.source.language,
      {
        title: v.headline,
        source: entry.source.name,
        date: formatDate(v.time),
        kind: KIND_CURRENT,
      },
      { source: entry.source.name, year: years },
      html`<h1>${v.headline}</h1>
        ${v.standfirst ? html`<p>${v.standfirst}</p>` : ""}${
          v.byline ? html`<p>${v.byline}</p>` : ""
        }${v.paragraphs.map((p) => html`<p>${p}</p>`)}`,
    ),
  };
}

/** The words a run of segments removed, as readable fragments ("…" between separate runs). */
export function removedText(segments: readonly Segment[]): string {
  const runs: string[] = [];
  let current = "";
  for (const s of segments) {
    if (s.op === "delete") current += s.text;
    else if (s.op === "equal" && current) {
      runs.push(current);
      current = "";
    }
  }
  if (current) runs.push(current);
  return runs
    .map((r) => r.replace(/\s+/g, " ").trim())
    .filter((r) => /[\p{L}\p{N}]/u.test(r))
    .join(" … ");
}

/** Removed words worth finding: minor changes (quotes, punctuation, spacing) are left out. */
export function removedParts(change: Change): {
  fields: string[];
  blocks: { block: Block; text: string }[];
} {
  const fields = change.fields
    .filter((f) => !f.minor)
    .map((f) => removedText(f.segments))
    .filter(Boolean);
  const blocks = change.blocks
    .filter((b) => b.kind !== "same" && !b.minor)
    .map((block) => ({ block, text: removedText(block.segments) }))
    .filter((b) => b.text);
  return { fields, blocks };
}

function removedTextRecord(entry: ArticleEntry, change: ChangeEntry): SearchRecord | undefined {
  const { fields, blocks } = removedParts(change.change);
  if (fields.length === 0 && blocks.length === 0) return undefined;
  const to = entry.article.versions[change.to - 1]!;
  return {
    // Lands on the first changed paragraph, unless the removed words include a headline's.
    url: `/${change.path}${fields.length === 0 ? `#${blocks[0]!.block.anchor}` : ""}`,
    lang: entry.source.language,
    html: document(
      entry.source.language,
      {
        title: to.headline,
        source: entry.source.name,
        date: formatDate(to.time),
        kind: `Removed in version ${change.from} → ${change.to}`,
      },
      { source: entry.source.name, year: [yearOf(to.time)] },
      html`${fields.map((t) => html`<p>${t}</p>`)}${blocks.map(({ text }) => html`<p>${text}</p>`)}`,
    ),
  };
}

/** One article's records: its current text, then the removed words of each change in order. */
export function searchRecordsOf(entry: ArticleEntry): SearchRecord[] {
  const records = [currentTextRecord(entry)];
  for (const change of entry.changes) {
    const record = removedTextRecord(entry, change);
    if (record) records.push(record);
  }
  return records;
}
