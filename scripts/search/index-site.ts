// Writes the Pagefind index for a built site. Pagefind's Node API reports problems in an
// `errors` array instead of throwing; every response is checked, and any error fails the build.
import path from "node:path";
import * as pagefind from "pagefind";
import type { SiteModel } from "../site/model.ts";
import { BUNDLE_PATH } from "./page.ts";
import { searchRecords, type SearchRecord } from "./records.ts";

/** Indexing failed; the build stops and the previous site stays in place. */
export class SearchIndexError extends Error {
  override name = "SearchIndexError";
}

function check(step: string, errors: readonly string[]): void {
  if (errors.length === 0) return;
  throw new SearchIndexError(
    `Pagefind could not build the search index (${step}):\n${errors.map((e) => `  - ${e}`).join("\n")}\n` +
      "The site was not replaced. If the message names a page, check that page's content; " +
      "otherwise reinstall dependencies (npm ci) so the pagefind binary matches this machine.",
  );
}

/** Records sent to Pagefind at once: enough to keep its service busy without queueing all of them. */
const CONCURRENCY = 32;

export interface SearchIndexResult {
  records: number;
  /** Languages indexed, as Pagefind split them. */
  languages: string[];
}

export async function writeSearchIndex(
  siteDir: string,
  model: SiteModel,
  records: readonly SearchRecord[] = searchRecords(model),
): Promise<SearchIndexResult> {
  const created = await pagefind.createIndex({});
  check("starting the indexer", created.errors);
  const index = created.index;
  if (!index) throw new SearchIndexError("Pagefind started but returned no index, and no error.");
  try {
    for (let start = 0; start < records.length; start += CONCURRENCY) {
      const batch = records.slice(start, start + CONCURRENCY);
      const responses = await Promise.all(
        batch.map((r) => index.addHTMLFile({ url: r.url, content: r.html })),
      );
      responses.forEach((response, i) => check(`indexing ${batch[i]!.url}`, response.errors));
    }
    const written = await index.writeFiles({ outputPath: path.join(siteDir, BUNDLE_PATH) });
    check("writing the index files", written.errors);
    return { records: records.length, languages: [...new Set(records.map((r) => r.lang))].sort() };
  } finally {
    await index.deleteIndex();
    // Stops Pagefind's background process so the build's own process can exit.
    await pagefind.close();
  }
}
