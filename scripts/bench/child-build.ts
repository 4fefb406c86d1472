// One build, as `npm run build` runs it, in its own process so the harness can measure its
// time and memory from outside; prints the build's own phase timings as JSON on the last line.
//   node scripts/launch.mjs scripts/bench/child-build.ts <content> <out> <cache-dir | --no-cache>
import path from "node:path";
import { projectRoot } from "../build/code.ts";
import { buildWithCache } from "../cache/build-cache.ts";
import { readSiteConfig } from "../site/config.ts";

const [contentDir, outDir, cache] = process.argv.slice(2);
if (!contentDir || !outDir || !cache) {
  console.error(
    "Usage: node scripts/launch.mjs scripts/bench/child-build.ts <content> <out> <cache-dir | --no-cache>",
  );
  process.exit(2);
}
const started = performance.now();
const options = {
  root: projectRoot,
  contentDir: path.resolve(contentDir),
  outDir: path.resolve(outDir),
  config: readSiteConfig(),
  log: (line: string) => console.log(line),
  // As `npm run build` does (scripts/build.ts): what a build replaces is deleted by a process
  // of its own once the build has reported, not before it returns.
  discard: "background" as const,
};
if (cache === "--no-cache") {
  const { buildSite } = await import("../build/site.ts");
  const result = await buildSite(options);
  console.log(
    JSON.stringify({
      mode: "no cache",
      pages: result.pages,
      timings: result.timings,
      ms: performance.now() - started,
    }),
  );
} else {
  const built = await buildWithCache({ ...options, cacheDir: path.resolve(cache) });
  console.log(
    JSON.stringify({
      mode: built.mode,
      pages: built.result?.pages ?? 0,
      reused: built.reused,
      diffs: built.diffs,
      timings: built.result?.timings ?? {},
      ms: performance.now() - started,
    }),
  );
}
// As scripts/build.ts does: exit at once, without tearing down the build's heap.
process.exit(0);
