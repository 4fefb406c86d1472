// Where in a build the memory goes: runs a command, prints each line of its output with the
// time it appeared, and every few seconds the largest memory of its whole process tree in
// that stretch (sampled every 100 ms, as the benchmark's peak is). Read beside the build's
// own phase lines, it shows which phase holds the peak.
//
//   node --import tsx scripts/bench/memory-timeline.ts [--every 5] -- \
//     node --import tsx scripts/build.ts --content <dir> --out <dir> --cache <dir>
import { parseArgs } from "node:util";
import { measure } from "./measure.ts";

const { values, positionals } = parseArgs({
  options: { every: { type: "string", default: "5" }, help: { type: "boolean", default: false } },
  allowPositionals: true,
});
if (values.help || positionals.length === 0) {
  console.log(
    "Usage: node --import tsx scripts/bench/memory-timeline.ts [--every <seconds>] -- <command> [args…]",
  );
  process.exit(values.help ? 0 : 1);
}

const every = Number(values.every) * 1000;
const at = (ms: number) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
const started = performance.now();
let windowEnd = every;
let windowPeak = 0;
const result = await measure(positionals[0]!, positionals.slice(1), {
  echo: (line) => console.log(`${at(performance.now() - started)} | ${line}`),
  onSample: (ms, mb) => {
    windowPeak = Math.max(windowPeak, mb);
    if (ms >= windowEnd) {
      console.log(`${at(ms)}   memory ${Math.round(windowPeak)} MB`);
      windowEnd = ms + every;
      windowPeak = 0;
    }
  },
});
console.log(
  `exit ${result.exitCode}; ${at(result.wallMs).trim()} wall` +
    (result.treeRssMb !== undefined
      ? `, peak ${Math.round(result.treeRssMb)} MB (process tree)`
      : "") +
    (result.cpuMs !== undefined ? `, ${(result.cpuMs / 1000).toFixed(1)} CPU-s` : ""),
);
process.exitCode = result.exitCode;
