// Worker threads that run the project's TypeScript modules. Node 20 does not apply
// `--import tsx` to a worker, so each starts from a line of JavaScript that registers tsx for
// the whole thread (the module, and whatever it imports later, e.g. Eleventy's templates)
// and then imports the module.
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Starts a worker thread running the TypeScript module at `file` (an absolute path). */
export function startThread(file: string, options: WorkerOptions = {}): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const script = pathToFileURL(file).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
