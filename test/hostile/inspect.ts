// Reads a built site the way an attacker hopes a browser will: every page, feed and JSON
// file is parsed by a real parser, and anything that could run or load content it was
// not meant to (scripts, event handlers, frames, foreign elements, javascript:/data: links)
// is reported. Shared by the property tests and the hostile corpus.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DOMParser, parseHTML } from "linkedom";
import { listFiles } from "../../scripts/check-site/index.ts";
import { META_CSP } from "../../scripts/check-site/csp.ts";
import { FAVICON } from "../../scripts/render/layout.ts";

/** Element names hostile payloads use; none may ever become an element. */
export const MARKER_TAG = "pwned";

/** Elements the templates never write, so any of them is an injection. (The timeline's
 * <svg> and the compare <form> are the templates' own; their attributes are checked.) */
const FORBIDDEN = new Set([
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "style",
  "img",
  "foreignobject",
  "math",
  "video",
  "audio",
  "source",
  "track",
  "portal",
]);

const UNSAFE_URL = /^[\s\u0000-\u001f]*(javascript|data|vbscript|file|blob)\s*:/i;

export interface Finding {
  file: string;
  what: string;
}

type Root = { querySelectorAll(selector: string): Iterable<Element> };

/** Markup problems in one parsed HTML document (or fragment). */
export function inspectDocument(file: string, root: Root, basePath: string): Finding[] {
  const findings: Finding[] = [];
  for (const element of root.querySelectorAll("*")) {
    const name = element.localName.toLowerCase();
    if (name.includes(MARKER_TAG) || FORBIDDEN.has(name)) {
      findings.push({ file, what: `a <${name}> element` });
    }
    for (const attribute of [...element.attributes]) {
      const attr = attribute.name.toLowerCase();
      if (
        attr.startsWith("on") ||
        attr.includes(MARKER_TAG) ||
        attr === "style" ||
        attr === "srcdoc"
      ) {
        findings.push({ file, what: `<${name} ${attr}="${attribute.value}">` });
      }
      if (
        ["href", "src", "action", "formaction", "xlink:href"].includes(attr) &&
        UNSAFE_URL.test(attribute.value)
      ) {
        findings.push({ file, what: `<${name} ${attr}="${attribute.value}">` });
      }
    }
    if (name === "script") {
      const src = element.getAttribute("src");
      const type = element.getAttribute("type");
      const ownModule =
        type === "module" && src !== null && src.startsWith(basePath) && !src.startsWith("//");
      const searchTemplate = type === "text/pagefind-template" && src === null;
      if (!ownModule && !searchTemplate)
        findings.push({ file, what: `<script ${type ?? ""} ${src ?? "inline"}>` });
    }
    // The site's own policy, exactly, is the one http-equiv a page may have.
    if (
      name === "meta" &&
      element.hasAttribute("http-equiv") &&
      !(
        element.getAttribute("http-equiv") === "Content-Security-Policy" &&
        element.getAttribute("content") === META_CSP
      )
    ) {
      findings.push({ file, what: `<meta http-equiv="${element.getAttribute("http-equiv")}">` });
    }
    if (name === "link") {
      const rel = element.getAttribute("rel") ?? "";
      const ownIcon = rel === "icon" && element.getAttribute("href") === `${basePath}${FAVICON}`;
      // An article page's TimeMap: the site's own file, of the Memento type.
      const href = element.getAttribute("href") ?? "";
      const ownTimemap =
        rel === "timemap" &&
        element.getAttribute("type") === "application/link-format" &&
        href.startsWith(basePath) &&
        /^[a-z0-9-]+\/[a-z0-9-]+\/timemap\.link$/.test(href.slice(basePath.length));
      if (!["stylesheet", "alternate", "canonical"].includes(rel) && !ownIcon && !ownTimemap)
        findings.push({ file, what: `<link rel="${rel}">` });
    }
  }
  return findings;
}

export interface InspectedSite {
  findings: Finding[];
  /** Parsed HTML pages by site-relative path ("wire/x/index.html"). */
  pages: Map<string, Document>;
  /** Parsed feeds by path. */
  feeds: Map<string, Document>;
  /** Parsed JSON by path. */
  json: Map<string, unknown>;
}

export async function inspectSite(dir: string, basePath: string): Promise<InspectedSite> {
  const findings: Finding[] = [];
  const pages = new Map<string, Document>();
  const feeds = new Map<string, Document>();
  const json = new Map<string, unknown>();
  for (const file of await listFiles(dir)) {
    if (file.startsWith("pagefind/") || file.startsWith("assets/")) continue;
    const text = await readFile(path.join(dir, file), "utf8");
    if (file.endsWith(".html")) {
      const document = parseHTML(text).document as unknown as Document;
      pages.set(file, document);
      findings.push(...inspectDocument(file, document, basePath));
    } else if (file.endsWith(".xml")) {
      const document = new DOMParser().parseFromString(text, "text/xml") as unknown as Document;
      if (!document.documentElement || document.querySelector("parsererror")) {
        findings.push({ file, what: "XML that does not parse" });
        continue;
      }
      feeds.set(file, document);
      // Atom <content type="html"> is markup a feed reader will render: it must be clean too.
      for (const content of document.querySelectorAll("content")) {
        const fragment = parseHTML(
          `<!doctype html><html><body>${content.textContent ?? ""}</body></html>`,
        ).document;
        findings.push(
          ...inspectDocument(`${file} <content>`, fragment as unknown as Root, basePath),
        );
      }
    } else if (file.endsWith(".json")) {
      try {
        json.set(file, JSON.parse(text));
      } catch (error) {
        findings.push({ file, what: `JSON that does not parse (${(error as Error).message})` });
      }
    }
  }
  return { findings, pages, feeds, json };
}

/** Text as a reader sees it: whitespace folded. */
export function textOf(node: { textContent: string | null } | null | undefined): string {
  return (node?.textContent ?? "").replace(/\s+/g, " ").trim();
}
