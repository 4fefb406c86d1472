// The pages Eleventy renders (lists, feeds, sitemaps, indexes: templates/), rendered by calling
// the same templates directly, for an incremental build.
//
// A patch renders a few of these pages (29 files for one new version at newsroom-10k), and
// Eleventy spent more on starting than on them: importing it took about 0.65 CPU-seconds and
// setting it up (configuration, finding templates, the data cascade) more, while the one-version
// rebuild is bound by the CPU time it needs on two cores. What Eleventy does with these
// templates is small and fixed: each is a module with `data` (a permalink, and optionally a
// pagination of size 1 over a list in the site's data, under an alias) and `render(data)`,
// whose string is the file, unchanged. That is what is done here, over the same template
// files, with the same frozen site data. Full builds still run Eleventy, which also copies
// templates/assets and bundles the browser scripts (unchanged in a patch, whose code is the
// previous build's: the patch keeps them). test/perf/list-pages.test.ts holds the two to the
// same files, byte for byte, as every incremental-build test holds a patched site to a full
// build's.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fileOf } from "../site/paths.ts";
import { codeFile, templateFormat } from "./code.ts";
import type { PreparedSite } from "./prepare.ts";

/** The part of an `.11ty.ts` template's `data` this renderer understands. */
interface TemplateModule {
  data?: {
    permalink?: string | ((data: PageData) => string);
    pagination?: { data: string; size: number; alias: string };
    [other: string]: unknown;
  };
  render(data: PageData): string;
}

type PageData = { site: PreparedSite } & Record<string, unknown>;

/** A template this renderer cannot reproduce: the build must say so rather than guess. */
export class TemplateShapeError extends Error {
  override name = "TemplateShapeError";
  constructor(problem: string) {
    super(
      `${problem}\nAn incremental build renders the list pages without Eleventy. ` +
        "`npm run build -- --no-cache` builds the whole site with Eleventy meanwhile.",
    );
  }
}

/**
 * Writes every page of every template into `out`, as Eleventy would from the same site data;
 * returns the files written, site-relative.
 */
export async function renderListPages(
  root: string,
  out: string,
  site: PreparedSite,
): Promise<string[]> {
  const folder = codeFile("templates", root);
  const extension = `.${templateFormat}`;
  const names = readdirSync(folder)
    .filter((name) => name.endsWith(extension))
    .sort();
  // As Eleventy hands it over (eleventy-plugins.ts archiveData).
  const data = { site: Object.freeze({ ...site }) };
  const written: string[] = [];
  for (const name of names) {
    const template = (await import(pathToFileURL(path.join(folder, name)).href)) as TemplateModule;
    for (const page of pagesOf(name, template, data)) {
      const file = outputFile(name, permalinkOf(name, template, page));
      const target = path.join(out, ...file.split("/"));
      mkdirSync(path.dirname(target), { recursive: true });
      // As bytes: Node 20 writes a long string slowly (data/articles.json, 8.2 MB at
      // newsroom-10k: 90–100 ms as a string, 2 + 25 ms converted first).
      writeFileSync(target, Buffer.from(template.render(page), "utf8"));
      written.push(file);
    }
  }
  return written;
}

/** The data of each page a template makes: one, or one per item of its pagination. */
function pagesOf(name: string, template: TemplateModule, data: PageData): PageData[] {
  const pagination = template.data?.pagination;
  if (!pagination) return [data];
  const known = new Set(["data", "size", "alias"]);
  const unknown = Object.keys(pagination).filter((key) => !known.has(key));
  if (pagination.size !== 1 || unknown.length > 0) {
    throw new TemplateShapeError(
      `templates/${name}: its pagination (${JSON.stringify(pagination)}) is more than one item ` +
        "per page under an alias, which is all the incremental build renders without Eleventy. " +
        "Keep the template to that, or teach scripts/build/list-pages.ts the rest.",
    );
  }
  let items: unknown = data;
  for (const key of pagination.data.split(".")) {
    items = (items as Record<string, unknown> | undefined)?.[key];
  }
  if (!Array.isArray(items)) {
    throw new TemplateShapeError(
      `templates/${name}: its pagination data "${pagination.data}" is not a list in the site's data.`,
    );
  }
  return items.map((item) => ({ ...data, [pagination.alias]: item }));
}

function permalinkOf(name: string, template: TemplateModule, page: PageData): string {
  const permalink = template.data?.permalink;
  const value = typeof permalink === "function" ? permalink(page) : permalink;
  if (typeof value !== "string" || !value.startsWith("/")) {
    throw new TemplateShapeError(
      `templates/${name}: its permalink gave ${JSON.stringify(value)}; every template here ` +
        'names its output with a permalink starting with "/".',
    );
  }
  return value;
}

/**
 * Where Eleventy writes a permalink, as the site writes any page address (`fileOf`):
 * "/a/b/" → "a/b/index.html", "/feed.xml" → "feed.xml".
 */
export function outputFile(name: string, permalink: string): string {
  const file = fileOf(permalink.slice(1));
  if (file.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new TemplateShapeError(`templates/${name}: its permalink "${permalink}" is not a file.`);
  }
  return file;
}
