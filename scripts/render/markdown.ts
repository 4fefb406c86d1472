// Editor's notes are Markdown written by contributors: rendered with raw HTML disabled,
// so a note can format text and link, but never inject markup or script.
import MarkdownIt from "markdown-it";
import { trusted, type SafeHtml } from "./html.ts";

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// No images: a note could otherwise make every reader's browser fetch a tracker from
// anywhere (and the recommended Content-Security-Policy would block it). `![x](url)`
// stays a plain link to the picture.
markdown.disable("image");

// Only web and mail links; markdown-it already refuses javascript:, this also refuses data: and file:.
markdown.validateLink = (url: string) => /^(https?:|mailto:|#|\/)/i.test(url.trim());

export function renderNote(source: string): SafeHtml {
  return trusted(markdown.render(source));
}
