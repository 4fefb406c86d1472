// Worker threads that run the project's modules, and the one way the build talks to them: a
// request, then one reply. A compiled module (code.ts) runs as it is. For a TypeScript module,
// Node 20 does not apply `--import tsx` to a worker, so the thread starts from a line of
// JavaScript that registers tsx for the whole thread (the module, and whatever it imports
// later) and then imports the module.
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Starts a worker thread running the module at `file` (an absolute path; `codeFile`). */
export function startThread(file: string, options: WorkerOptions = {}): Worker {
  if (!file.endsWith(".ts")) return new Worker(file, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const script = pathToFileURL(file).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Posts one request to a worker and resolves with its one reply. Rejects with the worker's
 * error (e.g. ERR_WORKER_OUT_OF_MEMORY), or with `stopped(code)` when the thread ends
 * without answering, so a broken worker fails the build instead of leaving it waiting.
 */
export function ask<Reply>(
  worker: Worker,
  request: unknown,
  stopped: (code: number) => Error = (code) =>
    new Error(`A worker thread stopped before answering (exit code ${code}).`),
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (reply: Reply) => {
      settle();
      resolve(reply);
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onExit = (code: number) => {
      settle();
      reject(stopped(code));
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(request);
  });
}

/** An error as text a worker can post back: its stack when it has one. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Whether a process is still running (a folder it named is in use; a Pagefind service is alive). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
