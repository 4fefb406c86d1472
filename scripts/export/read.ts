// Reading content/ one article file at a time, in the loader's order (source, then slug), so an
// export never holds more than one article.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { SOURCES_FILE, decodeUtf8, parseArticleFile, parseSourcesFile } from "../load/index.ts";
import type { Article, ContentProblem, Source } from "../load/index.ts";

export interface ContentReader {
  sources: Source[];
  /** Problems with sources.yaml; articles are still read when it could be parsed at all. */
  problems: ContentProblem[];
  /** Article files, in order; each is read only when the iteration reaches it. */
  files: string[];
  articles(): Generator<{
    file: string;
    article?: Article;
    source?: Source;
    problems: ContentProblem[];
  }>;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Opens the content folder: reads sources.yaml and lists the article files. Cross-file checks
 * (duplicate URLs) are `npm run check`'s job; each file is validated as the loader does.
 */
export function openContent(contentDir: string, root = process.cwd()): ContentReader {
  const show = (path: string): string => relative(root, path).split(sep).join("/");
  const problems: ContentProblem[] = [];
  let sources: Source[] = [];
  let keys: ReadonlySet<string> | undefined;
  const sourcesPath = join(contentDir, SOURCES_FILE);
  let entries: string[];
  try {
    entries = readdirSync(contentDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort(compare);
  } catch {
    return {
      sources: [],
      problems: [
        {
          file: show(contentDir),
          field: "",
          message: "expected a content folder, found nothing readable at this path",
          fix: "run the command from the project root, or pass the content folder with --content <dir>",
        },
      ],
      files: [],
      *articles() {},
    };
  }
  try {
    const text = decodeUtf8(readFileSync(sourcesPath));
    if (text === undefined) throw new Error("not UTF-8");
    const parsed = parseSourcesFile(show(sourcesPath), text);
    sources = parsed.sources;
    keys = parsed.keys;
    problems.push(...parsed.problems);
  } catch (error) {
    problems.push({
      file: show(sourcesPath),
      field: "",
      message: `expected a readable sources.yaml, found ${(error as Error).message}`,
      fix: "create content/sources.yaml with one entry per source folder",
    });
  }
  const files: string[] = [];
  for (const folder of entries) {
    for (const name of readdirSync(join(contentDir, folder)).sort(compare)) {
      if (name.endsWith(".md") && !name.startsWith(".")) files.push(join(contentDir, folder, name));
    }
  }
  const bySource = new Map(sources.map((source) => [source.key, source]));
  return {
    sources,
    problems,
    files,
    *articles() {
      for (const path of files) {
        const file = show(path);
        const text = decodeUtf8(readFileSync(path));
        if (text === undefined) {
          yield {
            file,
            problems: [
              {
                file,
                field: "",
                message: "expected UTF-8 text, found bytes that are not valid UTF-8",
                fix: "save the file with UTF-8 encoding",
              },
            ],
          };
          continue;
        }
        const parsed = parseArticleFile(file, text, keys);
        const source = parsed.article ? bySource.get(parsed.article.source) : undefined;
        yield {
          file,
          problems: parsed.problems,
          ...(parsed.article ? { article: parsed.article } : {}),
          ...(source ? { source } : {}),
        };
      }
    },
  };
}
