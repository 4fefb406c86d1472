// A worker thread of index-site.ts: writes the bundles it is sent, one at a time, through its
// own copy of the `pagefind` module and so its own Pagefind service process.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { errorText } from "../run/threads.ts";
import { closePagefind, SearchIndexError, writeBundle, type BundleJob } from "./bundle.ts";

/** What the main thread sends: a bundle to write, or the end of the work. */
export type WorkerRequest = { bundle: BundleJob } | { close: true };

/** What this worker answers: records indexed, or why it failed (people-first message kept). */
export type WorkerReply =
  { records: number } | { error: string; searchIndexError: boolean } | { closed: true };

/** How the thread is started (its workerData). */
export interface WorkerSettings {
  /**
   * Index beside a build that is preparing and rendering the site (an incremental build's
   * early search): this thread, and the Pagefind process it starts, take a core only when the
   * build's own threads leave one, since the build's thread is the longer path.
   */
  yieldToBuild?: boolean;
}

/** The nice value of a thread that yields to the build (0 is the default, 19 the lowest). */
const YIELDING_PRIORITY = 10;

const settings = (workerData ?? {}) as WorkerSettings;
// On Linux a thread's priority is its own, and a process it starts inherits it; elsewhere the
// call would lower the whole build's, so it is left alone there.
if (settings.yieldToBuild && process.platform === "linux") {
  try {
    setPriority(YIELDING_PRIORITY);
  } catch {
    // Not allowed here (some containers): indexed at the build's priority.
  }
}

const port = parentPort!;

port.on("message", async (request: WorkerRequest) => {
  let reply: WorkerReply;
  if ("close" in request) {
    await closePagefind();
    reply = { closed: true };
  } else {
    try {
      reply = { records: await writeBundle(request.bundle) };
    } catch (error) {
      // Pagefind rejects with plain strings for some protocol errors.
      const searchIndexError = error instanceof SearchIndexError;
      reply = { error: searchIndexError ? error.message : errorText(error), searchIndexError };
    }
  }
  port.postMessage(reply);
  if ("closed" in reply) port.close();
});
