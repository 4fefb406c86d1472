// npm run check: validate content/ and report every problem.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatProblems, loadArchive } from "./load/index.ts";
import type { LoadResult } from "./load/index.ts";

const USAGE = `Usage: npm run check -- [--content <dir>]

Validates every article in the content folder and content/sources.yaml,
and reports every problem found: file and line, field, what was expected
and found, and how to fix it.

Options:
  --content <dir>  the content folder to check (default: content)
  -h, --help       show this help

Exits with 0 when the content is valid, 1 when there are problems,
2 when the command itself was used wrongly.`;

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
  let options: { content: string; help: boolean };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        content: { type: "string", default: "content" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    options = { content: values.content, help: values.help };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await validateContent(options.content);
  if (result.problems.length > 0) {
    process.stderr.write(`${formatProblems(result.problems)}\n`);
    return 1;
  }
  process.stdout.write(`${summary(result)}\n`);
  return 0;
}

// Run only as a command, so that later checks can import validateContent.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
