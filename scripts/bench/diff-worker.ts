// A worker thread of the diff benchmark: takes its share of version pairs first, then diffs
// them all when told to, and answers with how long that took. Nothing it computes is sent
// back, as the build's article workers send back no changes.
import { parentPort } from "node:worker_threads";
import { diffVersions } from "../diff/index.ts";
import type { VersionText } from "../diff/types.ts";

const port = parentPort!;
let pairs: [VersionText, VersionText][] = [];
/** Pairs diffed once, untimed, before the timed run. */
const WARM_UP = 100;

port.on("message", (message: { pairs: [VersionText, VersionText][] } | "go") => {
  if (message !== "go") {
    pairs = message.pairs;
    // Compiled and warmed before the clock starts, as the one-thread figure is.
    for (const [from, to] of pairs.slice(0, WARM_UP)) diffVersions(from, to, { language: "en" });
    port.postMessage("ready");
    return;
  }
  const started = performance.now();
  let blocks = 0;
  for (const [from, to] of pairs)
    blocks += diffVersions(from, to, { language: "en" }).blocks.length;
  port.postMessage({ ms: performance.now() - started, blocks });
});
