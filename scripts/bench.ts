// `npm run bench`: build a synthetic newsroom-sized archive and time it (see docs/performance.md).
import path from "node:path";
import { DEFAULT_SEED, SIZES } from "./bench/generate.ts";
import { ensureArchive, formatReport, runBench, writeJson } from "./bench/harness.ts";
import { bodyTextBytes, formatOutputSize, measureOutput } from "./bench/output-size.ts";
import { isMain, parseCommandLine } from "./cli.ts";

const HELP = `Usage: npm run bench -- [--size 1k|10k|100k] [--runs N] [--json out.json]

Generates a deterministic, news-shaped synthetic archive (20 sources, 3.6 versions per
article on average, bodies of 400-1,500 words, a few paragraphs edited, inserted,
deleted or moved per version) and times real builds of it in child processes:

  - full build with no cache (a first build, or npm run build -- --no-cache)
  - full build with a warm cache (CI with its cache restored into a fresh checkout)
  - rebuild with nothing changed
  - rebuild after one version is added to one article
  - diff throughput, on one thread and in worker threads
  - baseline: plain Eleventy writing as many trivial pages as the full build wrote

Each figure is the median of --runs runs: wall time, CPU time, and peak memory (GNU
time's largest process, and the sampled sum of the whole process tree). The output of
the warm full build is measured too: its size and file count by kind of file, against
the archive's body text.

Options:
  --size <name>    1k, 10k (newsroom-10k, the reference) or 100k; default 1k
  --articles <n>   any other number of articles
  --seed <n>       generator seed (default ${DEFAULT_SEED})
  --runs <n>       runs per measure (default 3)
  --skip-cold      leave out the cold full build
  --heap <MB>      V8 heap limit for the builds (default: Node's own, about 4 GB;
                   100k articles need more, e.g. --heap 16384)
  --shards <n>     also build the archive as n shards and a merge, and report each
                   shard's and the merge's time and memory (the CI matrix's critical path)
  --json <file>    also write the results as JSON
  --work <dir>     where archives, outputs and caches go (default .cache/bench)
  --generate-only  only generate the archive (of --size or --articles) and print where
                   it is; build it with npm run build -- --content <dir> --out <dir>
  --output <dir>   only measure a built site: size and files by kind of file, against
                   the body text of --content <dir> when given
  --content <dir>  the archive an --output site was built from
  --help           show this text`;

export async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run bench",
    help: HELP,
    options: {
      size: { type: "string", default: "1k" },
      articles: { type: "string" },
      seed: { type: "string", default: String(DEFAULT_SEED) },
      runs: { type: "string", default: "3" },
      "skip-cold": { type: "boolean", default: false },
      json: { type: "string" },
      heap: { type: "string" },
      shards: { type: "string" },
      work: { type: "string" },
      "generate-only": { type: "boolean", default: false },
      output: { type: "string" },
      content: { type: "string" },
    },
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values } = commandLine;
  if (values.output) {
    const size = await measureOutput(path.resolve(values.output));
    let articles: number | undefined;
    if (values.content) {
      size.bodyBytes = await bodyTextBytes(path.resolve(values.content));
      const { loadArchive } = await import("./load/index.ts");
      articles = (await loadArchive(path.resolve(values.content))).archive.articles.length;
    }
    console.log(formatOutputSize(size, articles));
    return 0;
  }
  const articles = values.articles ? Number(values.articles) : SIZES[values.size];
  if (articles === undefined || !Number.isInteger(articles) || articles < 1) {
    console.error(
      `--size must be one of ${Object.keys(SIZES).join(", ")} (or give --articles <n>); found "${values.size}".`,
    );
    return 2;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs must be a whole number of at least 1; found "${values.runs}".`);
    return 2;
  }
  const root = path.resolve(import.meta.dirname, "..");
  const options = {
    root,
    articles,
    seed: Number(values.seed),
    runs,
    workDir: path.resolve(values.work ?? path.join(root, ".cache/bench")),
    skipCold: values["skip-cold"],
    ...(values.heap ? { heapMb: Number(values.heap) } : {}),
    ...(values.shards ? { shards: Number(values.shards) } : {}),
    log: (line: string) => console.log(line),
  };
  if (values["generate-only"]) {
    console.log(`Archive: ${await ensureArchive(options)}`);
    return 0;
  }
  const report = await runBench(options);
  console.log(`\n${formatReport(report)}`);
  if (values.json) {
    await writeJson(values.json, report);
    console.log(`\nResults written to ${values.json}.`);
  }
  return 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
