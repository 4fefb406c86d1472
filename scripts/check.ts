// npm run check: validate content/ and report every problem.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BaseRefError, compareWithBase } from "./contribute/base.ts";
import type { BaseComparison } from "./contribute/base.ts";
import { formatProblems, loadArchive } from "./load/index.ts";
import type { LoadResult } from "./load/index.ts";

const USAGE = `Usage: npm run check -- [--content <dir>] [--base <git-ref>]

Validates every article in the content folder and content/sources.yaml,
and reports every problem found: file and line, field, what was expected
and found, and how to fix it.

With --base, also compares the content with the same folder at that git
ref (a pull request's base, such as origin/main) and refuses any change
that rewrites history: editing or deleting a version, changing an
article's URL, moving, renaming or deleting an article file, or removing
a source. Appending versions, adding articles and sources, editing
editor's notes and tracking, and adding corrections entries are allowed.
An edit to an existing version passes only when the same change adds a
corrections entry naming that version and field (see CONTRIBUTING.md).

Options:
  --content <dir>   the content folder to check (default: content)
  --base <git-ref>  the commit, branch or tag to compare with
  -h, --help        show this help

Exits with 0 when the content is valid, 1 when there are problems,
2 when the command itself was used wrongly (or --base cannot be read).`;

/** Validation as one call, so further checks (such as append-only history) can build on it. */
export async function validateContent(contentDir: string): Promise<LoadResult> {
  return loadArchive(contentDir);
}

export function summary({ archive }: LoadResult): string {
  const versions = archive.articles.reduce((total, article) => total + article.versions.length, 0);
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
  return `${count(archive.articles.length, "article")}, ${count(versions, "version")} in ${count(archive.sources.length, "source")}: content is valid.`;
}

async function main(argv: string[]): Promise<number> {
  let options: { content: string; base?: string; help: boolean };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        content: { type: "string", default: "content" },
        base: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    options = {
      content: values.content,
      help: values.help,
      ...(values.base === undefined ? {} : { base: values.base }),
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await validateContent(options.content);
  let history: BaseComparison | undefined;
  if (options.base !== undefined) {
    try {
      history = await compareWithBase(options.content, options.base);
    } catch (error) {
      if (!(error instanceof BaseRefError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  }
  if (result.problems.length > 0) {
    process.stderr.write(`${formatProblems(result.problems)}\n`);
  }
  if (history && history.problems.length > 0) {
    process.stderr.write(
      `${result.problems.length > 0 ? "\n" : ""}History is append-only: these changes rewrite what ${options.base} holds, so they are refused.\n\n${formatProblems(history.problems).replace(/ problems? in \d+ files?$/, (count) => `${count.replace("problem", "refused change")}`)}\n`,
    );
  }
  if (result.problems.length > 0 || (history?.problems.length ?? 0) > 0) return 1;
  process.stdout.write(`${summary(result)}\n`);
  if (history) process.stdout.write(`${historySummary(options.base ?? "", history)}\n`);
  return 0;
}

export function historySummary(base: string, history: BaseComparison): string {
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const parts = [
    `${count(history.articlesAdded, "article")} added`,
    `${count(history.versionsAppended, "version")} appended`,
  ];
  if (history.fieldsCorrected > 0) {
    parts.push(`${count(history.fieldsCorrected, "field")} corrected with a corrections entry`);
  }
  return `Compared with ${base}: ${parts.join(", ")}; no existing version was rewritten.`;
}

// Run only as a command, so that later checks can import validateContent.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
