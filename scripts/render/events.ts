// What the capture saw that is not a version: the page went away, moved or came
// back, and versions whose text changed only because the extraction changed.
// Pure functions of the article; every value is escaped by the `html` tag.
import type { EventFrontmatter } from "../load/schema.ts";
import type { Article } from "../load/types.ts";
import { formatDateTime, isoTime } from "./format.ts";
import { html, join, type SafeHtml } from "./html.ts";

export interface CaptureNote {
  time: number;
  /** Plain-text title, for a feed entry. */
  title: string;
  /** The sentence after the time, as markup. */
  text: SafeHtml;
  /** Stable within the article (history is append-only): "event-2", "extraction-5". */
  anchor: string;
}

/** Events and extraction changes, oldest first. */
export function captureNotes(article: Article): CaptureNote[] {
  const notes: CaptureNote[] = (article.events ?? []).map((event, index) => ({
    time: Date.parse(event.at),
    title: eventTitle(event),
    text: eventText(event),
    anchor: `event-${index + 1}`,
  }));
  for (const version of article.versions) {
    if (!version.extractionChange) continue;
    notes.push({
      time: version.time,
      title: `Version ${version.number}: extraction changed`,
      text: html`Version ${version.number} differs from the one before because the text was
      extracted
      again${version.extractor ? html` (${version.extractor}${version.extractorVersion ? html` ${version.extractorVersion}` : ""})` : ""}
      from the same response, not because the publisher edited the article.`,
      anchor: `extraction-${version.number}`,
    });
  }
  return notes.sort((a, b) => a.time - b.time || (a.anchor < b.anchor ? -1 : 1));
}

function eventTitle(event: EventFrontmatter): string {
  switch (event.kind) {
    case "gone":
      return `The page went away (HTTP ${event.status})`;
    case "redirected":
      return `The page moved (HTTP ${event.status})`;
    case "back":
      return `The page is back (HTTP ${event.status})`;
  }
}

function eventText(event: EventFrontmatter): SafeHtml {
  switch (event.kind) {
    case "gone":
      return html`The page could not be found (HTTP status ${event.status}).`;
    case "redirected":
      return event.url
        ? html`The address redirected (HTTP status ${event.status}) to
            <a class="url" href="${event.url}" rel="external noopener nofollow">${event.url}</a>.`
        : html`The address redirected (HTTP status ${event.status}).`;
    case "back":
      return html`The page could be found again (HTTP status ${event.status}).`;
  }
}

/** The article page's "Capture log": nothing at all when there is nothing to tell. */
export function renderEvents(article: Article): SafeHtml {
  const notes = captureNotes(article);
  if (notes.length === 0) return html``;
  return html`<section class="events" aria-labelledby="events-h">
    <h2 id="events-h">Capture log</h2>
    <ul>
      ${join(
        notes.map(
          (note) =>
            html`<li id="${note.anchor}">
              <time datetime="${isoTime(note.time)}">${formatDateTime(note.time)}</time>:
              ${note.text}
            </li>`,
        ),
        "\n",
      )}
    </ul>
  </section>`;
}
