// Writes one Pagefind bundle from its records, through this thread's copy of the `pagefind`
// module. Each copy of the module (one per thread: index-site.ts runs this on the main thread
// or in index-worker.ts) starts its own Pagefind service process, and a service answers one
// request at a time, so bundles written from two threads are indexed in parallel.
//
// Pagefind's Node API reports problems in an `errors` array instead of throwing; every
// response is checked, and any error fails the build.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import * as pagefind from "pagefind";
import { isRunning } from "../run/threads.ts";
import type { SearchRecord } from "./records.ts";

/** Indexing failed; the build stops and the previous site stays in place. */
export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

export function check(step: string, errors: readonly string[]): void {
  if (errors.length === 0) return;
  throw new SearchIndexError(
    `Pagefind could not build the search index (${step}):\n${errors.map((e) => `  - ${e}`).join("\n")}\n` +
      "The site was not replaced. If the message names a page, check that page's content; " +
      "otherwise reinstall dependencies (npm ci) so the pagefind binary matches this machine.",
  );
}

/**
 * Records waiting in Pagefind's queue at most. Its service takes them one at a time; a deep
 * queue keeps it working while this thread is busy with something else (an incremental
 * build renders and checks pages beside indexing), without sending a whole source at once.
 * Measured in one-version rebuilds of newsroom-10k, same machine and load: search phase
 * 4.9–5.8 s against 5.3–6.7 s with lock-step batches of 32.
 */
const IN_FLIGHT = 256;

/** One bundle to write: a source's records, into an absolute folder. */
export interface BundleJob {
  /** The source's key, for messages. */
  key: string;
  /** Absolute folder of the bundle; emptied first. */
  outputPath: string;
  records: SearchRecord[];
}

/** What every bundle's index is created with. */
const INDEX_OPTIONS: pagefind.PagefindServiceConfig = {};

/** Writes one bundle from a fresh index (then freed); returns the records indexed. */
export async function writeBundle(job: BundleJob): Promise<number> {
  await indexBundle(job);
  return job.records.length;
}

/** Indexes a bundle's records with Pagefind and writes its files. */
async function indexBundle(job: BundleJob): Promise<void> {
  const before = pagefindChildren();
  const creating = pagefind.createIndex(INDEX_OPTIONS); // starts the service if none runs
  const started = pagefindChildren().filter((pid) => !before.includes(pid));
  if (started.length === 1) servicePid = started[0];
  const service = watchService(servicePid);
  try {
    await indexWith(await creating, job, service.ended);
  } catch (error) {
    // Whichever noticed first, the watch or the `pagefind` module (its own "backend closed"
    // rejections), the build says the same thing.
    if (service.ended() || backendClosed(error)) {
      forgetService();
      throw new PagefindEndedError(job.key);
    }
    throw error;
  } finally {
    service.stop();
  }
}

/**
 * Whether an error is the `pagefind` module's own word that its process is gone: it fails
 * the requests waiting when it sees its pipe to the process break ("Pagefind backend
 * closed"), and refuses every later request ("Cannot send message, backend is closed").
 * Either can arrive before the watch next looks at the process.
 */
export function backendClosed(error: unknown): boolean {
  return error instanceof Error && /\bbackend (?:is )?closed\b/i.test(error.message);
}

/**
 * Forgets this thread's ended Pagefind service: the module keeps a service whose process is
 * gone and refuses every request to it, so it is closed, and the next bundle starts a
 * process of its own.
 */
function forgetService(): void {
  servicePid = undefined;
  void pagefind.close();
}

async function indexWith(
  created: pagefind.NewIndexResponse,
  job: BundleJob,
  serviceEnded: () => boolean,
): Promise<void> {
  check(`starting the indexer for ${job.key}`, created.errors);
  const index = created.index;
  if (!index) throw new SearchIndexError("Pagefind started but returned no index, and no error.");
  try {
    // Each record is sent as the one before it in its lane is answered, in the records'
    // order (the next one is taken when it is sent).
    let next = 0;
    let failed = false;
    const lane = async () => {
      while (!failed && next < job.records.length) {
        const record = job.records[next++]!;
        try {
          const response = await index.addHTMLFile({ url: record.url, content: record.html });
          check(`indexing ${record.url}`, response.errors);
        } catch (error) {
          failed = true; // the other lanes stop sending
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, job.records.length) }, lane));
    // Fragment files are named by content hash: without this, a re-indexed bundle keeps its old ones.
    await rm(job.outputPath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: job.outputPath });
    check(`writing the index files of ${job.key}`, written.errors);
  } finally {
    // Frees the bundle's index in Pagefind's process, so its memory is bounded by one bundle.
    // A process found gone here has nothing to free; the failure that brought the bundle here
    // (if any) is the one reported, not this.
    if (!serviceEnded()) {
      await index.deleteIndex().catch((error: unknown) => {
        if (!backendClosed(error)) throw error;
        forgetService();
      });
    }
  }
}

/** Pagefind's process ended (killed, or crashed) with a bundle half indexed. */
class PagefindEndedError extends SearchIndexError {
  constructor(key: string) {
    super(
      `Pagefind's process ended while it was indexing the search bundle of ${key}: it was ` +
        "killed or it crashed. The site was not replaced.\n" +
        "If the machine ran out of memory, the kernel's log says so (`dmesg`: \"Out of memory: " +
        'Killed process … (pagefind_extended)"); docs/performance.md gives what a build needs. ' +
        "Otherwise run the build again, after reinstalling dependencies (npm ci) if it ends here again.",
    );
  }
}

/** How often the Pagefind processes are looked at while a bundle is indexed. */
const WATCH_MS = 200;

/**
 * This thread's Pagefind service process, seen appearing when an index was created (Linux;
 * elsewhere unknown). Forgotten when the module is closed.
 */
let servicePid: number | undefined;

/**
 * Watches this thread's Pagefind process while a bundle is indexed. The `pagefind` module
 * waits for its process's answers without watching the process: if the process is killed
 * (by the kernel when memory runs out, say), the build would wait forever. When it ends, the
 * module is closed, which fails every request still waiting. (Nothing is watched where the
 * process is unknown.)
 */
function watchService(pid: number | undefined): { ended: () => boolean; stop(): void } {
  if (pid === undefined) return { ended: () => false, stop: () => {} };
  let ended = false;
  // Looked at on every tick, and again whenever asked: a failure being handled must not wait
  // for the next tick to learn that the process is gone.
  const look = (): boolean => {
    if (ended || !hasEnded(pid)) return ended;
    ended = true;
    clearInterval(timer);
    forgetService();
    return true;
  };
  const timer = setInterval(look, WATCH_MS);
  return { ended: look, stop: () => clearInterval(timer) };
}

/** Whether a process has ended: gone, or a zombie not yet waited for. */
function hasEnded(pid: number): boolean {
  try {
    // "pid (comm) state …": the state follows the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return true;
  }
}

/**
 * Stops this thread's Pagefind service, so the thread (and the build) can exit, and waits
 * until its process is gone. The `pagefind` module only signals the process to stop; a worker
 * thread that ends before its event loop has seen the process exit leaves it a zombie that
 * nothing in the build waits for, and the CPU time the build's process reports (GNU time's,
 * the benchmark's) then leaves out Pagefind's: about 4 of 12.4 CPU-seconds in a one-version
 * rebuild of newsroom-10k.
 */
export async function closePagefind(): Promise<void> {
  const services = pagefindChildren();
  servicePid = undefined;
  await pagefind.close();
  const deadline = Date.now() + 5000;
  // Running, or ended and not yet waited for: either way not gone.
  while (services.some(isRunning) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The Pagefind processes this thread started (Linux: /proc/thread-self/children; elsewhere
 * none are known, and closing does not wait).
 */
function pagefindChildren(): number[] {
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return ""; // not Linux, or the process has just ended
    }
  };
  return read("/proc/thread-self/children")
    .split(" ")
    .filter(Boolean)
    .map(Number)
    .filter((pid) => read(`/proc/${pid}/comm`).startsWith("pagefind"));
}
