// Atom 1.0 (RFC 4287) documents from plain data. Every text value is escaped here,
// so callers never build XML by hand.
import { dateToRfc3339, getNewestCollectionItemDate } from "@11ty/eleventy-plugin-rss";
import { escapeHtml } from "../render/html.ts";

export interface AtomEntry {
  /** Permanent, unique id (an absolute URL). */
  id: string;
  title: string;
  /** Absolute address of the page the entry is about. */
  url: string;
  /** Milliseconds since the epoch: entries are plain data, kept in the store as they are. */
  updated: number;
  /** Language of the entry's text, when it differs from the feed's. */
  lang?: string;
  /** Markup for `<content type="html">`; escaped once more on output, as Atom requires. */
  contentHtml: string;
}

export interface AtomFeed {
  /** Permanent id: the feed's own absolute address. */
  id: string;
  title: string;
  subtitle?: string;
  /** Absolute address of the feed itself (rel="self"). */
  selfUrl: string;
  /** Absolute address of the page the feed follows (rel="alternate"). */
  pageUrl: string;
  author: string;
  lang?: string;
  /** Used as `updated` when there are no entries; never the build time, so output is reproducible. */
  emptyUpdated: Date;
  entries: readonly AtomEntry[];
}

// XML 1.0 forbids most control characters even when escaped; scraped text can contain them.
// eslint-disable-next-line no-control-regex
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and double-quoted attributes. */
export function xmlText(text: string): string {
  return escapeHtml(text.replace(NOT_XML, ""));
}

/** The time a feed was last updated: its newest entry (deterministic, unlike the build time). */
export function feedUpdated(feed: Pick<AtomFeed, "entries" | "emptyUpdated">): Date {
  return getNewestCollectionItemDate(
    feed.entries.map((e) => ({ date: new Date(e.updated) })),
    feed.emptyUpdated,
  );
}

function langAttribute(lang: string | undefined): string {
  return lang ? ` xml:lang="${xmlText(lang)}"` : "";
}

function renderEntry(entry: AtomEntry): string {
  return `  <entry${langAttribute(entry.lang)}>
    <id>${xmlText(entry.id)}</id>
    <title>${xmlText(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlText(entry.url)}"/>
    <updated>${dateToRfc3339(new Date(entry.updated))}</updated>
    <content type="html">${xmlText(entry.contentHtml)}</content>
  </entry>`;
}

export function renderAtom(feed: AtomFeed): string {
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom"${langAttribute(feed.lang)}>`,
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xmlText(feed.subtitle)}</subtitle>`] : []),
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.pageUrl)}"/>`,
    `  <updated>${dateToRfc3339(feedUpdated(feed))}</updated>`,
    `  <author><name>${xmlText(feed.author)}</name></author>`,
    ...feed.entries.map(renderEntry),
    `</feed>`,
  ];
  return `${lines.join("\n")}\n`;
}
