// npm run check: validate content/ and report every problem.
import { isMain, parseCommandLine } from "./cli.ts";
import { annotation, inGitHubActions } from "./contribute/annotations.ts";
import { BaseRefError, compareWithBase } from "./contribute/base.ts";
import type { BaseComparison } from "./contribute/base.ts";
import { formatProblems, loadArchive } from "./load/index.ts";
import type { LoadResult } from "./load/index.ts";
import { stylesFor, type Styles } from "./terminal.ts";

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

In GitHub Actions (GITHUB_ACTIONS=true), each problem is also printed as
an annotation (::error file=…,line=…::…), shown on the pull request's files.
Colour only on a terminal; NO_COLOR turns it off.

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
  const commandLine = parseCommandLine(argv, {
    command: "npm run check",
    options: {
      content: { type: "string", default: "content" },
      base: { type: "string" },
    },
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { content, base } = commandLine.values;
  const result = await validateContent(content);
  let history: BaseComparison | undefined;
  if (base !== undefined) {
    try {
      history = await compareWithBase(content, base);
    } catch (error) {
      if (!(error instanceof BaseRefError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  }
  const err = stylesFor(process.stderr);
  if (result.problems.length > 0) {
    process.stderr.write(`${styleReport(formatProblems(result.problems), err)}\n`);
  }
  if (history && history.problems.length > 0) {
    const report = formatProblems(history.problems).replace(
      / problems? in \d+ files?$/,
      (count) => `${count.replace("problem", "refused change")}`,
    );
    process.stderr.write(
      `${result.problems.length > 0 ? "\n" : ""}${err.problem(`History is append-only: these changes rewrite what ${base} holds, so they are refused.`)}\n\n${styleReport(report, err)}\n`,
    );
  }
  if (inGitHubActions()) {
    // Also on the pull request's files: one annotation per problem, where it is.
    for (const problem of result.problems) process.stdout.write(`${annotation(problem)}\n`);
    for (const problem of history?.problems ?? []) {
      process.stdout.write(`${annotation(problem, "Refused change")}\n`);
    }
  }
  if (result.problems.length > 0 || (history?.problems.length ?? 0) > 0) return 1;
  const out = stylesFor(process.stdout);
  process.stdout.write(`${out.ok(summary(result))}\n`);
  if (history) process.stdout.write(`${out.ok(historySummary(base ?? "", history))}\n`);
  return 0;
}

/**
 * A problem report (formatProblems) for a terminal: each file's name as a heading and the
 * count at the end as a problem. The text is unchanged where colour is off.
 */
export function styleReport(report: string, styles: Styles): string {
  const lines = report.split("\n");
  return lines
    .map((line, i) => {
      if (line === "" || line.startsWith(" ")) return line;
      return i === lines.length - 1 ? styles.problem(line) : styles.heading(line);
    })
    .join("\n");
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
if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
