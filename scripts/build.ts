// `npm run build`: validate content/, then build the whole site into dist/.
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "./build/code.ts";
import { ContentInvalidError } from "./build/prepare.ts";
import { buildWithCache } from "./cache/build-cache.ts";
import { readSiteConfig } from "./site/config.ts";

const HELP = `Usage: npm run build [-- --content <dir>] [-- --out <dir>] [-- --check]

Validates every article in the content folder, compares every version with the
one before it, and writes the whole site (pages, feeds, sitemap, search index)
into the output folder. The new site replaces the old one only when everything
succeeded; on any problem the previous output is left as it was. Every link of
the new site is checked before it replaces the old one. The replaced site is
deleted afterwards, by a background process.

Options:
  --content <dir>  folder of sources and articles (default: content)
  --out <dir>      output folder (default: dist)
  --check          also validate every page's HTML (.htmlvalidate.json) before the swap
  --cache <dir>    where diffs and the record of the last build are kept, for fast
                   rebuilds (default: .cache; safe to carry between CI runs)
  --no-cache       build everything from nothing, reading and writing no cache
  --help           show this text

Environment:
  SITE_URL    where the site will be published, e.g. https://example.org/archive/
              (absolute links in feeds and the sitemap; its path prefixes every link)
  SITE_TITLE  the archive's name (default: Diff Archive)`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string", default: "dist" },
      check: { type: "boolean", default: false },
      cache: { type: "string", default: path.join(projectRoot, ".cache") },
      "no-cache": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const root = projectRoot;
  const started = performance.now();
  try {
    const options = {
      root,
      contentDir: path.resolve(values.content),
      outDir: path.resolve(values.out),
      config: readSiteConfig(),
      validateHtml: values.check,
      // The previous dist/ is deleted after the build has reported, by a process of its own.
      discard: "background" as const,
      log: (line: string) => console.log(line),
    };
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    // Where the time went, for whoever watches a slow build: "prepare 2.1 s, render 20.3 s, …".
    const phases = (timings: Record<string, number> | undefined) =>
      timings
        ? ` (${Object.entries(timings)
            .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
            .join(", ")})`
        : "";
    if (values["no-cache"]) {
      const { buildSite } = await import("./build/site.ts");
      const result = await buildSite(options);
      console.log(`Built ${result.pages} files in ${seconds()} s${phases(result.timings)}.`);
    } else {
      const built = await buildWithCache({ ...options, cacheDir: path.resolve(values.cache) });
      console.log(
        `Built ${built.result?.pages ?? 0} files (${built.mode}) in ${seconds()} s${phases(built.result?.timings)}.`,
      );
    }
    return 0;
  } catch (error) {
    // Imported here: Eleventy and Pagefind load slowly, and an up-to-date site needs neither.
    const { SiteCheckError } = await import("./check-site/index.ts");
    const { SearchIndexError } = await import("./search/index.ts");
    const { TemplateShapeError } = await import("./build/list-pages.ts");
    if (
      error instanceof ContentInvalidError ||
      error instanceof SearchIndexError ||
      error instanceof SiteCheckError ||
      error instanceof TemplateShapeError
    ) {
      console.error(error.message);
      console.error("The build stopped; the previous site was left as it was.");
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await main(process.argv.slice(2));
  // Everything the build writes has been awaited, and the previous site is deleted by a process
  // of its own. Exiting at once spares the teardown of the build's heap, which took 0.1–0.2 s
  // after the last line of a one-version rebuild of newsroom-10k (docs/performance.md).
  process.exit(code);
}
