// `npm run build`: validate content/, then build the site into dist/ (scripts/build/pipeline.ts).
import path from "node:path";
import { isMain, parseCommandLine } from "./cli.ts";
import { projectRoot } from "./run/code.ts";
import { readSiteConfig } from "./site/config.ts";
import { progress, stylesFor } from "./terminal.ts";

const HELP = `Usage: npm run build [-- options]

Validates every article in the content folder, compares every version with the
one before it, and writes the site (pages, feeds, sitemap, search index) into the
output folder. The new site replaces the old one only when everything succeeded;
on any problem the previous output is left as it was. Every link of the new site
is checked first. A later build writes only what changed.

Options:
  --content <dir>      folder of sources and articles (default: content)
  --out <dir>          output folder (default: dist)
  --check              also validate every page's HTML (.htmlvalidate.json) before the swap
  --cache <dir>        where the store and the record of the last build are kept
                       (default: .cache; safe to carry between CI runs)
  --no-cache           build everything from nothing, reading and writing no cache
  --full               build everything, but use and fill the cache
  --shard <K/N>        build only shard K of N (sources split by size) into --out, for
                       --merge to combine; --out then holds the shard's files and summary
  --merge <dir>...     combine the shards' folders into the site at --out (default: dist)
  -h, --help           show this text

Environment:
  SITE_URL    where the site will be published, e.g. https://example.org/archive/
              (absolute links in feeds and the sitemap; its path prefixes every link)
  SITE_TITLE  the archive's name (default: Diff Archive)`;

export async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run build",
    allowPositionals: true,
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string" },
      check: { type: "boolean", default: false },
      cache: { type: "string", default: path.join(projectRoot, ".cache") },
      "no-cache": { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      shard: { type: "string" },
      merge: { type: "boolean", default: false },
    },
    help: HELP,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine;
  const styles = stylesFor(process.stderr);
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const phases = (timings: Record<string, number>) =>
    Object.keys(timings).length === 0
      ? ""
      : ` (${Object.entries(timings)
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
          .join(", ")})`;
  const config = readSiteConfig();
  const cacheDir = values["no-cache"] ? undefined : path.resolve(values.cache);
  const { ContentInvalidError } = await import("./build/pipeline.ts");
  const { SiteCheckError } = await import("./check-site/index.ts");
  const { SearchIndexError } = await import("./search/index-site.ts");
  const { ShardError } = await import("./build/shards.ts");
  try {
    if (values.merge) {
      const { mergeShards } = await import("./build/shards.ts");
      const result = await mergeShards({
        root: projectRoot,
        shardDirs: positionals.map((p) => path.resolve(p)),
        outDir: path.resolve(values.out ?? "dist"),
        config,
        log,
        validateHtml: values.check,
        discard: "background",
      });
      log(
        `Merged ${positionals.length} shards: ${result.files} files in ${seconds()} s${phases(result.timings)}.`,
      );
      return 0;
    }
    if (positionals.length > 0) {
      console.error(
        `npm run build: unexpected argument ${JSON.stringify(positionals[0])}. See npm run build -- --help.`,
      );
      return 2;
    }
    if (values.shard !== undefined) {
      const { buildShard, parseShard } = await import("./build/shards.ts");
      const shard = parseShard(values.shard);
      if (!values.out)
        throw new ShardError("--shard needs --out <dir>: the folder the shard is written into.");
      const result = await buildShard({
        root: projectRoot,
        contentDir: path.resolve(values.content),
        outDir: path.resolve(values.out),
        config,
        ...(cacheDir ? { cacheDir } : {}),
        log,
        progress,
        shard,
      });
      log(
        `Built shard ${shard.index}/${shard.count}: ${result.articles} articles in ${seconds()} s${phases(result.timings)}.`,
      );
      return 0;
    }
    const { buildSite } = await import("./build/pipeline.ts");
    const result = await buildSite({
      root: projectRoot,
      contentDir: path.resolve(values.content),
      outDir: path.resolve(values.out ?? "dist"),
      config,
      ...(cacheDir ? { cacheDir } : {}),
      validateHtml: values.check,
      full: values.full,
      discard: "background",
      log,
      progress,
    });
    if (result.mode !== "up to date") {
      log(
        `Built ${result.files} files (${result.mode}; ${result.written} written) in ${seconds()} s${phases(result.timings)}.`,
      );
    }
    return 0;
  } catch (error) {
    if (
      error instanceof ContentInvalidError ||
      error instanceof SearchIndexError ||
      error instanceof SiteCheckError ||
      error instanceof ShardError
    ) {
      console.error(styles.problem(error.message));
      console.error("The build stopped; the previous site was left as it was.");
      return 1;
    }
    throw error;
  }
}

if (isMain(import.meta.url)) {
  const code = await main(process.argv.slice(2));
  // Everything the build writes has been awaited; the replaced site is deleted by a process
  // of its own. Exiting at once spares the teardown of the build's heap.
  process.exit(code);
}
