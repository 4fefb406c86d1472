// A worker thread of the article stages (articles.ts): takes batches of article files and
// answers with what each became.
import { parentPort, workerData } from "node:worker_threads";
import { errorText } from "../run/threads.ts";
import {
  processArticles,
  type ArticleContext,
  type ArticleJob,
  type ArticleResult,
} from "./articles.ts";

const context = workerData as ArticleContext;
const port = parentPort!;

port.on("message", async (jobs: ArticleJob[]) => {
  try {
    const results: ArticleResult[] = await processArticles(jobs, context);
    port.postMessage({ results });
  } catch (error) {
    port.postMessage({ error: errorText(error) });
  }
});
