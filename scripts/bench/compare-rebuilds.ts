// One-version rebuilds of two checkouts of this project, side by side on one archive: an A/B
// for a change that targets the incremental build, where a few seconds drift with the disk
// and the machine's other work. Each round appends a version to one article, rebuilds with
// both checkouts (alternating which goes first), restores the file and rebuilds both again;
// every build is timed as the benchmark times it.
//
//   node --import tsx scripts/bench/compare-rebuilds.ts --archive .cache/bench/10000-20240501 \
//     --other ../old-checkout [--rounds 6] [--first 181]
//
// The archive folder is one `npm run bench` generated (content/, plus this checkout's cache/
// and dist/); the other checkout gets other-cache/ and other-dist/ beside them. Both outputs
// are first brought up to date (a full build when the code differs from their last build).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { serializeArticle } from "../load/write.ts";
import { AFTER_ARCHIVE, appendVersion, articleFile, generateArticle } from "./generate.ts";
import { measure, median, npmBuildArgs } from "./measure.ts";

interface Side {
  name: string;
  checkout: string;
  out: string;
  cache: string;
}

interface Timing {
  wallS: number;
  /** The build's own figure, "Built … in 11.0 s (prepare …)". */
  clockS?: number;
  cpuS?: number;
}

const { values } = parseArgs({
  options: {
    archive: { type: "string" },
    other: { type: "string" },
    rounds: { type: "string", default: "6" },
    first: { type: "string", default: "181" },
  },
});
if (!values.archive || !values.other) {
  console.error("Usage: compare-rebuilds.ts --archive <bench archive folder> --other <checkout>");
  process.exit(2);
}
const archive = path.resolve(values.archive);
const content = path.join(archive, "content");
// The folder is named <articles>-<seed> by the benchmark.
const seed = Number(path.basename(archive).split("-")[1]);
const sides: Side[] = [
  {
    name: "this",
    checkout: path.resolve(import.meta.dirname, "../.."),
    out: path.join(archive, "dist"),
    cache: path.join(archive, "cache"),
  },
  {
    name: "other",
    checkout: path.resolve(values.other),
    out: path.join(archive, "other-dist"),
    cache: path.join(archive, "other-cache"),
  },
];

async function build(side: Side): Promise<Timing> {
  const m = await measure(
    process.execPath,
    [
      ...(await npmBuildArgs(side.checkout)),
      "--content",
      content,
      "--out",
      side.out,
      "--cache",
      side.cache,
    ],
    { cwd: side.checkout },
  );
  if (m.exitCode !== 0) throw new Error(`${side.name}: the build failed:\n${m.stderr}`);
  const line = m.stdout.split("\n").find((l) => l.startsWith("Built")) ?? "";
  const clock = / in ([0-9.]+) s/.exec(line);
  console.log(`  ${side.name}: ${(m.wallMs / 1000).toFixed(2)} s wall | ${line}`);
  return {
    wallS: m.wallMs / 1000,
    ...(clock ? { clockS: Number(clock[1]) } : {}),
    ...(m.cpuMs !== undefined ? { cpuS: m.cpuMs / 1000 } : {}),
  };
}

console.log("Bringing both outputs up to date …");
for (const side of sides) await build(side);

const results = new Map<string, Timing[]>(sides.map((s) => [s.name, []]));
const rounds = Number(values.rounds);
for (let round = 0; round < rounds; round++) {
  const index = Number(values.first) + round;
  const article = generateArticle(seed, index);
  const file = articleFile(content, article);
  const original = await readFile(file, "utf8");
  const order = round % 2 ? [...sides].reverse() : sides;
  console.log(`Article ${index}: a version added …`);
  await writeFile(
    file,
    serializeArticle(appendVersion(article, 1, AFTER_ARCHIVE).article.frontmatter),
  );
  try {
    for (const side of order) results.get(side.name)!.push(await build(side));
  } finally {
    await writeFile(file, original);
  }
  console.log(`Article ${index}: restored …`);
  for (const side of order) results.get(side.name)!.push(await build(side));
}

const range = (xs: number[]) =>
  `${median(xs).toFixed(1)} s (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
console.log("\nmedian (range) over", rounds * 2, "rebuilds each:");
for (const side of sides) {
  const t = results.get(side.name)!;
  const of = (pick: (x: Timing) => number | undefined) =>
    t.map(pick).filter((x): x is number => x !== undefined);
  console.log(
    `  ${side.name.padEnd(5)} wall ${range(of((x) => x.wallS))}, build clock ${range(
      of((x) => x.clockS),
    )}, CPU ${range(of((x) => x.cpuS))}`,
  );
}
