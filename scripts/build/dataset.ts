// The data set a deployer may publish with the site (SITE_DATASET=jsonl): the JSON Lines export
// (docs/export.md) at data/archive.jsonl, made from the content as `npm run export` makes it,
// of the articles the site shows, in the loader's order.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { jsonlWriter } from "../export/jsonl.ts";
import { openContent } from "../export/read.ts";
import { articleRecords } from "../export/records.ts";
import { articleId } from "../site/article.ts";
import { DATASET_PATH } from "../site/paths.ts";

/** Writes DATASET_PATH under `outDir` with every article `shown` has (by id). */
export function writeDataset(
  contentDir: string,
  root: string,
  outDir: string,
  shown: ReadonlySet<string>,
): void {
  const target = path.join(outDir, DATASET_PATH);
  mkdirSync(path.dirname(target), { recursive: true });
  const writer = jsonlWriter(target);
  try {
    for (const item of openContent(contentDir, root).articles()) {
      if (item.article && item.source && shown.has(articleId(item.article)))
        writer.article(articleRecords(item.article, item.source));
    }
  } finally {
    writer.close();
  }
}
