// A worker thread of shards.ts: renders the pages of one batch of articles with Eleventy.
import { parentPort } from "node:worker_threads";
import { diffVersions } from "../diff/index.ts";
import { buildSiteModel } from "../site/model.ts";
import { listPages } from "../site/pages.ts";
import { setPreparedSite } from "./prepare.ts";
import { runEleventy, type BatchJob } from "./shards.ts";

parentPort!.on("message", async (job: BatchJob) => {
  try {
    const changes = new Map(job.changes);
    const language = new Map(job.sources.map((s) => [s.key, s.language]));
    // The batch's articles are the whole archive as far as this worker knows: their pages
    // need nothing from other articles.
    const model = buildSiteModel(
      { sources: job.sources, articles: job.articles },
      job.config,
      (article, from, to) =>
        changes.get(`${article.source}/${article.slug}/${from.number}-${to.number}`) ??
        diffVersions(from, to, { language: language.get(article.source) }),
    );
    const pages = listPages(model);
    setPreparedSite({
      model,
      pages,
      render: { article: pages.article, change: pages.change, version: pages.version },
    });
    const written = await runEleventy(job.root, job.dir, job.ignore);
    setPreparedSite(undefined);
    parentPort!.postMessage({ written });
  } catch (error) {
    parentPort!.postMessage({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
