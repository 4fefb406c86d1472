// The article stages, one article at a time: load (read and validate its file) → diff → model
// (its entry and summary) → render (its pages, feed and history) → its search records. The
// result goes into the store, so a later build with the same inputs only copies the files
// out. Runs in worker threads for many articles (article-worker.ts), each reading its own
// files and writing its own output, so nothing large crosses between threads: what comes
// back is each article's summary and the links its pages make to the rest of the site.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LinkLedger, type LinkReference, type SiteProblem } from "../check-site/links.ts";
import { diffVersions } from "../diff/index.ts";
import { parseArticleBytes } from "../load/index.ts";
import { SourceKeys } from "../load/sources.ts";
import type { ContentProblem, Source } from "../load/types.ts";
import { searchRecordsOf } from "../search/records.ts";
import type { SiteConfig } from "../site/config.ts";
import { articleEntry } from "../site/model.ts";
import { summarise, type ArticleSummary } from "../site/summary.ts";
import { articleFeedEntries, articleFiles } from "./article-files.ts";
import { ARTICLE } from "./entries.ts";
import { Store } from "./store.ts";

/** One article file to bring into the site. */
export interface ArticleJob {
  /** Absolute path of the file. */
  path: string;
  /** Its name in messages, from the project root. */
  file: string;
  /** The store key of everything the article's output is made from (plan.ts). */
  key: string;
  /** Bytes of the file, as the plan found it. */
  bytes: number;
}

/** What every article of a build shares. */
export interface ArticleContext {
  storeDir: string;
  config: SiteConfig;
  /** Folder the articles' files are written into. */
  outDir: string;
  /** Every validly described source. */
  sources: Source[];
  /** Every key sources.yaml names (some entries may be broken), and those tracked from headlines only. */
  sourceKeys: { all: string[]; headlinesOnly: string[] };
}

export interface ArticleResult {
  job: ArticleJob;
  summary?: ArticleSummary;
  /** Its files, site-relative. */
  files: string[];
  references: LinkReference[];
  problems: ContentProblem[];
  siteProblems: SiteProblem[];
  /** Taken from the store rather than made. */
  stored: boolean;
}

export async function processArticles(
  jobs: readonly ArticleJob[],
  context: ArticleContext,
): Promise<ArticleResult[]> {
  const store = new Store(context.storeDir);
  const sources = new Map(context.sources.map((s) => [s.key, s]));
  const keys = new SourceKeys(context.sourceKeys.all, context.sourceKeys.headlinesOnly);
  const folders = new Set<string>();
  const write = (file: string, content: string | Uint8Array) => {
    const target = path.join(context.outDir, file);
    const folder = path.dirname(target);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(target, content);
  };
  const results: ArticleResult[] = [];
  for (const job of jobs) results.push(await processArticle(job));
  return results;

  async function processArticle(job: ArticleJob): Promise<ArticleResult> {
    const stored = store.read(ARTICLE, job.key);
    if (stored) {
      stored.data.files.forEach((file, i) => write(file, stored.blobs[i]!));
      return {
        job,
        summary: stored.data.summary,
        files: stored.data.files,
        references: stored.data.references,
        problems: [],
        siteProblems: [],
        stored: true,
      };
    }
    const parsed = parseArticleBytes(job.path, job.file, readBytes(job), keys);
    const article = parsed.article;
    const source = article && sources.get(article.source);
    if (!article || !source || parsed.problems.length > 0) {
      return {
        job,
        files: [],
        references: [],
        problems: parsed.problems,
        siteProblems: [],
        stored: false,
      };
    }
    const entry = articleEntry(article, source, (from, to) =>
      diffVersions(from, to, { language: source.language }),
    );
    const feed = articleFeedEntries(entry, context.config);
    const rendered = articleFiles(entry, context.config, feed);
    const ledger = new LinkLedger(context.config);
    const own = new Set(rendered.map((f) => f.file));
    const blobs: Buffer[] = [];
    for (const f of rendered) {
      const bytes = Buffer.from(f.content, "utf8");
      write(f.file, bytes);
      blobs.push(bytes);
      if (f.file.endsWith(".html") || f.file.endsWith(".xml")) ledger.scan(f.file, f.content);
    }
    await ledger.settle((file) => own.has(file));
    const summary = summarise(entry, job.bytes);
    const references = ledger.open();
    const files = rendered.map((f) => f.file);
    // Pages with broken links are a fault of the code, not of the article: never kept.
    if (ledger.problems.length === 0) {
      store.write(
        ARTICLE,
        job.key,
        { summary, files, feed, records: searchRecordsOf(entry), references },
        blobs,
      );
    }
    return {
      job,
      summary,
      files,
      references,
      problems: [],
      siteProblems: ledger.problems,
      stored: false,
    };
  }
}

function readBytes(job: ArticleJob): Uint8Array {
  try {
    return readFileSync(job.path);
  } catch {
    // Removed or unreadable since the plan read it: the parser reports an empty file.
    return new Uint8Array();
  }
}
