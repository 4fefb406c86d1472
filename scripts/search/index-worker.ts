// A worker thread of index-site.ts: writes the bundles it is sent, one at a time, through its
// own copy of the `pagefind` module and so its own Pagefind service process.
import { parentPort } from "node:worker_threads";
import { errorText } from "../run/threads.ts";
import { closePagefind, SearchIndexError, writeBundle, type BundleJob } from "./bundle.ts";

/** What the main thread sends: a bundle to write, or the end of the work. */
export type WorkerRequest = { bundle: BundleJob } | { close: true };

/** What this worker answers: records indexed, or why it failed (people-first message kept). */
export type WorkerReply =
  { records: number } | { error: string; searchIndexError: boolean } | { closed: true };

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
