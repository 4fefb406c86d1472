// A worker thread of shards.ts: writes every file of one batch of articles.
import { parentPort } from "node:worker_threads";
import { fromPortable } from "../cache/diff-cache.ts";
import { diffVersions } from "../diff/index.ts";
import { buildSiteModel } from "../site/model.ts";
import { errorText } from "./threads.ts";
import { writeArticles, type BatchJob } from "./write-articles.ts";

parentPort!.on("message", async (job: BatchJob) => {
  try {
    const changes = new Map(job.changes);
    const language = new Map(job.sources.map((s) => [s.key, s.language]));
    // The batch's articles are the whole archive as far as this worker knows: their files
    // need nothing from other articles.
    const model = buildSiteModel(
      { sources: job.sources, articles: job.articles },
      job.config,
      (article, from, to) => {
        const posted = changes.get(`${article.source}/${article.slug}/${from.number}-${to.number}`);
        return posted
          ? fromPortable(posted, to)
          : diffVersions(from, to, { language: language.get(article.source) });
      },
    );
    const written = await writeArticles(model, model.articles.keys(), job.dir);
    parentPort!.postMessage({ written });
  } catch (error) {
    parentPort!.postMessage({ error: errorText(error) });
  }
});
