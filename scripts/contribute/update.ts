// Changes to an article that are not versions: events appended, tracking
// stopped. Same rules as the importer: the file is read and validated first,
// refused if it has problems, and written in canonical form atomically.
import { readFile } from "node:fs/promises";
import { parseArticleFrontmatter } from "../load/article.ts";
import { checkHistory } from "../load/checks.ts";
import { ArticleSchema, HeadlineArticleSchema } from "../load/schema.ts";
import type { ArticleFrontmatter, EventFrontmatter } from "../load/schema.ts";
import { decodeUtf8 } from "../load/text.ts";
import { serializeArticle } from "../load/write.ts";
import { writeFileAtomic } from "../files/atomic.ts";

export interface ArticleUpdate {
  /** Appended after the stored events (history is append-only). */
  events?: readonly EventFrontmatter[];
  tracking?: "active" | "stopped";
}

/**
 * Applies an update to the article file at `path`; returns whether the file
 * changed. Throws (writing nothing) when the file has problems.
 */
export async function updateArticle(
  path: string,
  update: ArticleUpdate,
  options: { headlinesOnly?: boolean; file?: string } = {},
): Promise<boolean> {
  const file = options.file ?? path;
  const original = decodeUtf8(await readFile(path));
  const parsed =
    original === undefined
      ? undefined
      : parseArticleFrontmatter(file, original, { headlinesOnly: options.headlinesOnly ?? false });
  if (!parsed?.frontmatter) {
    throw new Error(`${file} has problems (run npm run check to see them); it was not changed`);
  }
  const stored = parsed.frontmatter;
  const events = [...(stored.events ?? []), ...(update.events ?? [])];
  const next: ArticleFrontmatter = {
    ...stored,
    tracking: update.tracking ?? stored.tracking,
    ...(events.length > 0 ? { events } : {}),
  };
  const schema = options.headlinesOnly ? HeadlineArticleSchema : ArticleSchema;
  const problems = [
    ...(schema.safeParse(next).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? []),
    ...checkHistory(next).map((finding) => `${finding.path.join(".")}: ${finding.message}`),
  ];
  if (problems.length > 0) {
    throw new Error(`updating ${file} would make it invalid (${problems.join("; ")}); not written`);
  }
  const text = serializeArticle(next, parsed.note);
  if (text === original) return false;
  await writeFileAtomic(path, text);
  return true;
}
