// npm run import -- <file.jsonl or ->: bulk import of captured versions.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { importLines } from "./contribute/importer.ts";
import type { Progress } from "./contribute/importer.ts";
import { formatImportReport } from "./contribute/report.ts";
import { SourceSchema } from "./load/schema.ts";

const USAGE = `Usage: npm run import -- <file.jsonl | -> [--content <dir>] [--language <tag>] [--quiet]

Imports captured versions in the JSON Lines format of DESIGN.md, one version
per line: url, source, captured_at, headline, body (or paragraphs), and
optionally byline, standfirst, archive_url. Use - to read standard input,
e.g.  xz -dc captures.jsonl.xz | npm run import -- -

For each article (lines are grouped by url):
  - a new URL becomes a new file content/<source>/<slug>.md, its captures
    sorted by time; a new source gets a stub entry in content/sources.yaml
  - captures of a stored article are appended after its latest version
  - a line identical to a stored version is skipped, so importing the same
    file again changes nothing; so is a line whose text is the same as the
    version before it (after normalising whitespace)
  - a line that is not valid, has an empty body, or is older than the
    article's latest stored version is refused, and nothing is written for it
Every skipped or refused line is listed as "line N: reason".

Options:
  --content <dir>    the content folder to import into (default: content)
  --language <tag>   language of sources this import creates (default: en)
  --quiet            no progress on standard error
  -h, --help         show this help

Exits with 0 when every line was imported or skipped, 1 when any line was
refused (the other lines are still imported), 2 when the command was used
wrongly.`;

async function main(argv: string[]): Promise<number> {
  let values: { content: string; language?: string; quiet: boolean; help: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        content: { type: "string", default: "content" },
        language: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0) {
    process.stderr.write(
      `${input === undefined ? "Give the file to import, or - for standard input." : `Give one input file, found ${positionals.length}.`}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (
    values.language !== undefined &&
    !SourceSchema.shape.language.safeParse(values.language).success
  ) {
    process.stderr.write(
      `--language: expected a language tag such as "en" or "zh-Hans", found ${JSON.stringify(values.language)}\n`,
    );
    return 2;
  }

  const stream = input === "-" ? process.stdin : createReadStream(input);
  const opened = new Promise<void>((resolve, reject) => {
    if (input === "-") resolve();
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (error) {
    process.stderr.write(
      `Cannot read ${input}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}. Give the path of a .jsonl file, or - to read standard input.\n`,
    );
    return 2;
  }
  const lines = readLines(stream);

  const tty = process.stderr.isTTY === true;
  const progress = values.quiet ? undefined : progressWriter(tty);
  const report = await importLines(lines, {
    contentDir: values.content,
    ...(values.language === undefined ? {} : { language: values.language }),
    ...(progress ? { onProgress: progress } : {}),
    progressEvery: tty ? 100 : 500,
  });
  if (tty && progress) process.stderr.write("\n");
  process.stdout.write(`${formatImportReport(report)}\n`);
  if (report.files.length > 0) {
    process.stdout.write("\nRun npm run check to validate the archive before committing.\n");
  }
  return report.refused.length > 0 ? 1 : 0;
}

/**
 * Lines of a stream, read only once iteration starts: a readline interface
 * created earlier would emit (and lose) lines while the importer is still
 * indexing the archive.
 */
async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  yield* createInterface({ input: stream, crlfDelay: Infinity });
}

/** One line redrawn in place on a terminal; plain lines in a log. */
function progressWriter(tty: boolean): (progress: Progress) => void {
  return (progress) => {
    const text =
      progress.phase === "reading"
        ? `read ${progress.lines} lines`
        : `wrote ${progress.articles} of ${progress.of} articles`;
    process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
