// Finding articles: RSS 2.0 and Atom feeds (@rowanmanning/feed-parser), and
// sitemaps (a <urlset> of <url><loc>, read with linkedom's XML parser).
// Both are untrusted: a feed with 100,000 entries yields the first
// `maxEntries`; one that is not a feed yields one clear error.
import { parseFeed } from "@rowanmanning/feed-parser";
import { DOMParser, parseHTML } from "linkedom";
import { normaliseLine } from "../load/text.ts";

export interface FeedEntry {
  url: string;
  /** Headline as the feed gives it, as plain text. */
  title?: string;
  /** The entry's summary as plain text (a headlines-only source's standfirst). */
  summary?: string;
}

export interface FoundEntries {
  entries: FeedEntry[];
  /** Entries left out because the document had more than maxEntries. */
  leftOut: number;
}

export const DEFAULT_MAX_ENTRIES = 500;

/** A feed's entries (only those with an http(s) link), or an error saying why it is not a feed. */
export function readFeed(text: string, maxEntries = DEFAULT_MAX_ENTRIES): FoundEntries {
  if (
    /^\s*<\?xml[^>]*\?>\s*<(urlset|sitemapindex)\b/i.test(text) ||
    /^\s*<(urlset|sitemapindex)\b/i.test(text)
  ) {
    return readSitemap(text, maxEntries);
  }
  // The parser takes time that grows with the square of the entries: a feed with more than
  // maxEntries is cut (linearly) after its first maxEntries before it is parsed.
  const starts = [...text.matchAll(/<(?:[\w-]+:)?(item|entry)[\s>]/gi)];
  let cut = text;
  let beyond = 0;
  const next = starts[maxEntries];
  if (next?.index !== undefined) {
    beyond = starts.length - maxEntries;
    const atom = next[1]!.toLowerCase() === "entry";
    cut = `${text.slice(0, next.index)}${atom ? "</feed>" : /<rdf:RDF/i.test(text) ? "</rdf:RDF>" : "</channel></rss>"}`;
  }
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(cut);
  } catch (error) {
    throw new Error(`not an RSS or Atom feed (${(error as Error).message})`);
  }
  const items = feed.items;
  const entries: FeedEntry[] = [];
  let valid = 0;
  for (const item of items) {
    const url = httpUrl(item.url);
    if (url === undefined) continue;
    valid++;
    if (entries.length >= maxEntries) continue;
    const title = plain(item.title);
    const summary = plain(item.description);
    entries.push({
      url,
      ...(title ? { title } : {}),
      ...(summary && summary !== title ? { summary } : {}),
    });
  }
  return { entries, leftOut: valid - entries.length + beyond };
}

/** A sitemap's page addresses (<urlset>); news sitemaps' <news:title> gives the headline. */
export function readSitemap(text: string, maxEntries = DEFAULT_MAX_ENTRIES): FoundEntries {
  const document = new DOMParser().parseFromString(text, "text/xml");
  const root = document.documentElement;
  const name = root?.localName ?? root?.tagName ?? "";
  if (!root || !/^(urlset)$/i.test(name.replace(/^.*:/, ""))) {
    throw new Error(
      `not a sitemap (expected a <urlset> document, found ${name ? `<${name}>` : "no element"})`,
    );
  }
  const entries: FeedEntry[] = [];
  let valid = 0;
  for (const node of Array.from(root.children)) {
    if (node.localName?.replace(/^.*:/, "") !== "url") continue;
    let loc: string | undefined;
    let title: string | undefined;
    for (const child of descendants(node)) {
      const local = (child.localName ?? child.tagName).replace(/^.*:/, "");
      if (local === "loc" && loc === undefined) loc = child.textContent ?? undefined;
      if (local === "title" && title === undefined) title = plain(child.textContent);
    }
    const url = httpUrl(loc);
    if (url === undefined) continue;
    valid++;
    if (entries.length < maxEntries) entries.push({ url, ...(title ? { title } : {}) });
  }
  return { entries, leftOut: valid - entries.length };
}

/** Every element below this one, in document order (linkedom's XML documents lack getElementsByTagName("*")). */
function descendants(element: Element, depth = 3): Element[] {
  // <loc> and <news:title> sit at most three levels down; a hostile sitemap may nest deeper.
  if (depth === 0) return [];
  const out: Element[] = [];
  for (const child of Array.from(element.children))
    out.push(child, ...descendants(child, depth - 1));
  return out;
}

function httpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}

/** Feed text may hold HTML: its text only, one line (never markup). */
export function plain(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let text = value;
  if (/[<&]/.test(value)) {
    const { document } = parseHTML(`<!doctype html><html><body>${value}</body></html>`);
    for (const element of Array.from(document.querySelectorAll("script, style, template"))) {
      element.remove();
    }
    text = document.body?.textContent ?? "";
  }
  const line = normaliseLine(text);
  return line === "" ? undefined : line;
}
