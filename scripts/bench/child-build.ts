// One build, as `npm run build` runs it, in its own process so the harness can measure its
// time and memory from outside; prints the build's own phase timings as JSON on the last line.
//   node scripts/launch.mjs scripts/bench/child-build.ts <content> <out> <cache-dir | --no-cache>
import path from "node:path";
import { buildSite } from "../build/pipeline.ts";
import { projectRoot } from "../run/code.ts";
import { readSiteConfig } from "../site/config.ts";

const [contentDir, outDir, cache] = process.argv.slice(2);
if (!contentDir || !outDir || !cache) {
  console.error(
    "Usage: node scripts/launch.mjs scripts/bench/child-build.ts <content> <out> <cache-dir | --no-cache>",
  );
  process.exit(2);
}
const started = performance.now();
const result = await buildSite({
  root: projectRoot,
  contentDir: path.resolve(contentDir),
  outDir: path.resolve(outDir),
  config: readSiteConfig(),
  log: (line: string) => console.log(line),
  // As `npm run build` does (scripts/build.ts): what a build replaces is deleted by a process
  // of its own once the build has reported, not before it returns.
  discard: "background",
  ...(cache === "--no-cache" ? {} : { cacheDir: path.resolve(cache) }),
});
console.log(
  JSON.stringify({
    mode: result.mode,
    pages: result.files,
    written: result.written,
    timings: result.timings,
    ms: performance.now() - started,
  }),
);
// As scripts/build.ts does: exit at once, without tearing down the build's heap.
process.exit(0);
