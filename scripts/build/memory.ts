// Collecting the garbage of one build phase before the next begins. V8 collects when its heap
// needs room, not when a phase ends: after preparing newsroom-10k the main thread's heap held
// about 1 GB of which 0.45 GB was still in use, and rendering then started worker threads
// (and indexing Pagefind processes) on top of it. Collected between phases, the build's peak
// is the largest phase's own, not the sum of leftovers.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;

/** A full garbage collection of this thread's heap (0.5–0.8 s measured at newsroom-10k). */
export function collectGarbage(): void {
  if (!collect) {
    // The collector is reachable from JavaScript only with --expose-gc; the flag applies to
    // contexts made after it is set, such as this one.
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

/**
 * The size of V8's semi-spaces (the young generation, where new objects start), in MB. The
 * build allocates much that lives a little while (parsed pages, rendered HTML); with V8's
 * default of 16 MB it is copied and collected far more often. Measured on newsroom-10k, warm
 * full builds, default against 32 MB on the main thread: 230 against 187 CPU-seconds for
 * the process tree (139.1 against 135.6 s wall; peak 1.30 against 1.41 GB), and in an
 * earlier pair 181 against 164 s of user time. Render workers keep V8's default: given a
 * young generation of 3 × 32 MB as well, a warm full build took 185.3 s and 303 CPU-seconds.
 */
export const SEMI_SPACE_MB = 32;

/**
 * Node's flags for a process that builds the site. `npm run build` passes the same in
 * package.json (a test keeps the two in step); scripts that start a build use these.
 */
export const BUILD_NODE_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`];
