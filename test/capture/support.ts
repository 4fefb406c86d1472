// A loopback news site for the capture's tests: routes that the tests change
// between runs, and a content folder in a temporary directory.
import { mkdtemp, mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/capture");

export type Route =
  | { status?: number; type?: string; body: string | Buffer; headers?: Record<string, string> }
  | ((request: http.IncomingMessage, response: http.ServerResponse) => void);

export interface Site {
  url: string;
  routes: Map<string, Route>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const where = request.url ?? "/";
    requests.push(where);
    const route = routes.get(where);
    if (route === undefined) {
      response.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
    } else if (typeof route === "function") {
      route(request, response);
    } else {
      response
        .writeHead(route.status ?? 200, {
          "content-type": route.type ?? "text/html; charset=utf-8",
          ...route.headers,
        })
        .end(route.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PageText {
  headline: string;
  byline?: string;
  standfirst?: string;
  paragraphs: string[];
}

/** Chrome that changes from one load to the next on real news sites. */
export interface Chrome {
  comments?: number;
  stamp?: string;
  related?: string[];
  ad?: string;
  trending?: string[];
}

/** An article page with real-world chrome around the text (escaping is the caller's business). */
export function newsPage(text: PageText, chrome: Chrome = {}): string {
  const related = chrome.related ?? ["Slipway repairs delayed again", "Ferry timetable changes"];
  const trending = chrome.trending ?? ["Lighthouse reopens", "Council tax vote"];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${text.headline} | The Estuary Echo</title>
<meta property="og:title" content="${text.headline}">
${text.standfirst ? `<meta name="description" content="${text.standfirst}">` : ""}
<script>window.dataLayer = [{ page: "article" }];</script>
<style>.cookie { position: fixed }</style>
</head>
<body>
<header class="masthead"><a href="/">The Estuary Echo</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
</header>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience. By using this site you agree to our use of cookies.</p><button>Accept all</button></div>
<div class="advert"><p>${chrome.ad ?? "Advertisement: Estuary Motors, the best deals on the coast"}</p></div>
<main>
<article class="story">
<h1 class="story-headline">${text.headline}</h1>
${text.standfirst ? `<p class="story-standfirst">${text.standfirst}</p>` : ""}
${text.byline ? `<p class="story-byline">By ${text.byline}</p>` : ""}
<p class="story-dateline"><time datetime="2026-03-01T09:00:00Z">${chrome.stamp ?? "Updated 12 minutes ago"}</time></p>
<div class="story-body">
${text.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("\n")}
</div>
<p class="comment-count"><a href="#comments">${chrome.comments ?? 12} comments</a></p>
<aside class="related-articles"><h2>Related articles</h2><ul>${related.map((title) => `<li><a href="/r">${title}</a></li>`).join("")}</ul></aside>
</article>
</main>
<aside class="trending"><h2>Most read</h2><ol>${trending.map((title) => `<li><a href="/t">${title}</a></li>`).join("")}</ol></aside>
<footer><p>© The Estuary Echo. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script src="/tracker.js"></script>
</body>
</html>`;
}

export function rssFeed(items: { url: string; title: string; summary?: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Estuary Echo</title><link>https://echo.test/</link><description>News</description>
${items
  .map(
    (item) =>
      `<item><title>${item.title}</title><link>${item.url}</link>${item.summary ? `<description>${item.summary}</description>` : ""}<guid>${item.url}</guid></item>`,
  )
  .join("\n")}
</channel></rss>`;
}

export const FEED_TYPE = "application/rss+xml; charset=utf-8";

/** A content folder with sources.yaml as given. */
export async function makeContent(
  sourcesYaml: string,
): Promise<{ dir: string; content: string; cache: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "diff-archive-capture-"));
  const content = path.join(dir, "content");
  await mkdir(content, { recursive: true });
  await writeFile(path.join(content, "sources.yaml"), sourcesYaml);
  return { dir, content, cache: path.join(dir, "cache") };
}

/** Every file of a tree with its bytes and modification time, to prove nothing was written. */
export async function snapshot(
  dir: string,
): Promise<Map<string, { bytes: string; mtimeMs: number }>> {
  const out = new Map<string, { bytes: string; mtimeMs: number }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), {
      bytes: (await readFile(file)).toString("base64"),
      mtimeMs: (await stat(file)).mtimeMs,
    });
  }
  return out;
}

/** The article files of a source folder, by name. */
export async function articleFiles(content: string, source: string): Promise<string[]> {
  try {
    return (await readdir(path.join(content, source)))
      .filter((name) => name.endsWith(".md"))
      .sort();
  } catch {
    return [];
  }
}
