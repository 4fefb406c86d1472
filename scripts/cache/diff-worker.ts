// A worker thread that diffs batches of version pairs (see diffs.ts). The diff engine is
// pure and synchronous, so each worker uses one core fully.
import { parentPort } from "node:worker_threads";
import { diffVersions } from "../diff/index.ts";
import type { Change } from "../diff/types.ts";
import type { DiffJob } from "./diffs.ts";

parentPort!.on("message", (jobs: DiffJob[]) => {
  const changes: Change[] = jobs.map((job) =>
    diffVersions(job.from, job.to, { language: job.language }),
  );
  parentPort!.postMessage(changes);
});
