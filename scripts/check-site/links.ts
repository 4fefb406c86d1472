// The link check: every internal href/src of every page, every link in every feed and
// every sitemap entry must lead to a file of the built site (and to an id on it, for
// links with a fragment). Links that could run code (javascript:, data:, vbscript:) are
// refused wherever they appear, whatever the content validation upstream already did.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SiteConfig } from "../site/config.ts";
import { decodeEntities, lineAt, startTags } from "./scan.ts";

export interface SiteProblem {
  /** Site-relative path of the file the problem is in. */
  file: string;
  line?: number;
  message: string;
}

export interface LinkCheckOptions {
  /** Site-relative path prefixes that are allowed to be missing (e.g. "pagefind/" when search is skipped). */
  absent?: readonly string[];
  /** Check the links of these files only (an incremental build's new pages); every file still counts as a target. */
  only?: ReadonlySet<string>;
}

interface Link {
  /** The attribute or element it came from ("href", "src", "<loc>"). */
  via: string;
  value: string;
  /** Offset in the document; turned into a line only when there is a problem to report. */
  offset: number;
}

const LINK_ATTRIBUTES = ["href", "src", "action", "formaction", "poster", "cite", "data"];

/** Schemes that run code or embed content when followed: never allowed in output. */
const UNSAFE_SCHEME = /^\s*(javascript|data|vbscript|file|blob):/i;

/** Every file of the built folder, site-relative with "/" separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  // Folders are read in parallel: readdir's own recursive mode reads one at a time.
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    const folders: Promise<void>[] = [];
    for (const entry of entries) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) folders.push(walk(name));
      else if (entry.isFile()) files.push(name);
    }
    await Promise.all(folders);
  };
  await walk("");
  return files.sort();
}

/** Links and ids of one HTML document. */
export function htmlLinks(markup: string): { links: Link[]; ids: Set<string> } {
  const links: Link[] = [];
  const ids = new Set<string>();
  for (const tag of startTags(markup)) {
    const id = tag.attributes.get("id");
    if (id) ids.add(id);
    if (tag.name === "a" && tag.attributes.has("name")) ids.add(tag.attributes.get("name")!);
    for (const attribute of LINK_ATTRIBUTES) {
      const value = tag.attributes.get(attribute);
      if (value !== undefined)
        links.push({ via: `<${tag.name} ${attribute}>`, value, offset: tag.offset });
    }
    const srcset = tag.attributes.get("srcset");
    if (srcset) {
      for (const candidate of srcset.split(",")) {
        const url = candidate.trim().split(/\s+/)[0];
        if (url) links.push({ via: `<${tag.name} srcset>`, value: url, offset: tag.offset });
      }
    }
  }
  return { links, ids };
}

/** Links of an XML document: Atom <link href>, sitemap <loc>, and links inside escaped entry content. */
export function xmlLinks(markup: string): Link[] {
  const links: Link[] = [];
  for (const tag of startTags(markup)) {
    const href = tag.attributes.get("href");
    if (tag.name === "link" && href !== undefined) {
      links.push({ via: "<link href>", value: href, offset: tag.offset });
    }
  }
  for (const match of markup.matchAll(/<loc>([^<]*)<\/loc>/g)) {
    links.push({
      via: "<loc>",
      value: decodeEntities(match[1]!),
      offset: match.index,
    });
  }
  // Atom <content type="html"> holds escaped markup: unescape once and read its links.
  for (const match of markup.matchAll(/<content type="html">([^<]*)<\/content>/g)) {
    for (const link of htmlLinks(decodeEntities(match[1]!)).links) {
      links.push({ ...link, via: `content ${link.via}`, offset: match.index });
    }
  }
  return links;
}

/** The site-relative path a file is served at: "a/index.html" is "a/". */
function pageAddress(file: string): string {
  return file === "index.html"
    ? ""
    : file.endsWith("/index.html")
      ? file.slice(0, -"index.html".length)
      : file;
}

type Target =
  | { kind: "internal"; file: string | undefined; sitePath: string; fragment: string }
  | { kind: "external" }
  | { kind: "outside"; pathname: string };

export async function checkLinks(
  dir: string,
  config: SiteConfig,
  options: LinkCheckOptions = {},
): Promise<SiteProblem[]> {
  const files = await listFiles(dir);
  const present = new Set(files);
  const site = new URL(config.url);
  const absent = options.absent ?? [];

  const resolve = (value: string, from: string): Target => {
    let url: URL;
    try {
      url = new URL(value, new URL(pageAddress(from), site));
    } catch {
      return { kind: "outside", pathname: value };
    }
    if (url.origin !== site.origin || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return { kind: "external" };
    }
    if (!url.pathname.startsWith(config.basePath))
      return { kind: "outside", pathname: url.pathname };
    let sitePath: string;
    try {
      sitePath = decodeURIComponent(url.pathname.slice(config.basePath.length));
    } catch {
      return { kind: "outside", pathname: url.pathname };
    }
    const fragment = url.hash ? decodeURIComponent(url.hash.slice(1)) : "";
    const candidates =
      sitePath === "" || sitePath.endsWith("/")
        ? [`${sitePath}index.html`]
        : [sitePath, `${sitePath}/index.html`];
    return { kind: "internal", file: candidates.find((c) => present.has(c)), sitePath, fragment };
  };

  const problems: SiteProblem[] = [];
  const pending: { from: string; link: Link; line: number; file: string; fragment: string }[] = [];
  const idsOf = new Map<string, Set<string>>();

  const documents = files.filter(
    (f) =>
      (f.endsWith(".html") || f.endsWith(".xml")) &&
      !f.startsWith("pagefind/") &&
      (!options.only || options.only.has(f)),
  );
  for await (const { file, markup } of readAll(dir, documents)) {
    const isHtml = file.endsWith(".html");
    let links: Link[];
    let ids: Set<string> | undefined;
    if (isHtml) {
      const read = htmlLinks(markup);
      links = read.links;
      ids = read.ids;
      idsOf.set(file, ids);
    } else {
      links = xmlLinks(markup);
    }
    for (const link of links) {
      const shown = JSON.stringify(link.value);
      if (UNSAFE_SCHEME.test(link.value)) {
        problems.push({
          file,
          line: lineAt(markup, link.offset),
          message: `${link.via} is ${shown}, a link that can run code or embed content; only http(s) and site links are allowed`,
        });
        continue;
      }
      const target = resolve(link.value, file);
      if (target.kind === "external") continue;
      if (target.kind === "outside") {
        problems.push({
          file,
          line: lineAt(markup, link.offset),
          message: `${link.via} is ${shown}, which points outside the site (its path does not start with ${config.basePath})`,
        });
        continue;
      }
      if (!target.file) {
        if (absent.some((prefix) => target.sitePath.startsWith(prefix))) continue;
        problems.push({
          file,
          line: lineAt(markup, link.offset),
          message: `${link.via} is ${shown}, but the site has no file at ${config.basePath}${target.sitePath}`,
        });
        continue;
      }
      if (!target.fragment || !target.file.endsWith(".html")) continue;
      if (target.file === file && ids) {
        // A link within the page (the diff's paragraph anchors): checked now, cheaply.
        if (!ids.has(target.fragment)) {
          problems.push({
            file,
            line: lineAt(markup, link.offset),
            message: missingId(link, file, target.fragment),
          });
        }
      } else {
        const line = lineAt(markup, link.offset);
        pending.push({ from: file, link, line, file: target.file, fragment: target.fragment });
      }
    }
  }

  for (const { from, link, line, file, fragment } of pending) {
    const ids = idsOf.get(file);
    if (ids && !ids.has(fragment))
      problems.push({ file: from, line, message: missingId(link, file, fragment) });
  }
  return problems;
}

/** Reads files many at a time (one at a time, waiting on the disk dominates), in order. */
async function* readAll(
  dir: string,
  files: readonly string[],
): AsyncGenerator<{ file: string; markup: string }> {
  const BATCH = 64;
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    const texts = await Promise.all(batch.map((f) => readFile(path.join(dir, f), "utf8")));
    for (let i = 0; i < batch.length; i++) yield { file: batch[i]!, markup: texts[i]! };
  }
}

function missingId(link: Link, file: string, fragment: string): string {
  return `${link.via} is ${JSON.stringify(link.value)}, but ${file} has no element with id ${JSON.stringify(fragment)}`;
}
