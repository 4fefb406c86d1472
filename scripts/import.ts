// npm run import -- <file.jsonl or ->: bulk import of captured versions.
import { createReadStream } from "node:fs";
import { isMain, parseCommandLine, seeHelp } from "./cli.ts";
import { importLines } from "./contribute/importer.ts";
import type { ImportReport, Progress } from "./contribute/importer.ts";
import { readLines } from "./contribute/lines.ts";
import { formatImportReport, styleImportReport } from "./contribute/report.ts";
import { canonicalLanguage, languageProblem } from "./load/language.ts";
import { formatCount, progress, stylesFor } from "./terminal.ts";

const USAGE = `Usage: npm run import -- <file.jsonl | -> [--content <dir>] [--language <tag>] [--quiet]

Imports captured versions in the JSON Lines format of docs/design.md, one version
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
  const commandLine = parseCommandLine(argv, {
    command: "npm run import",
    options: {
      content: { type: "string", default: "content" },
      language: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
    allowPositionals: true,
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine;
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0) {
    process.stderr.write(
      `npm run import: ${input === undefined ? "give the file to import, or - for standard input." : `give one input file, found ${positionals.length}.`} ${seeHelp("npm run import")}\n`,
    );
    return 2;
  }
  // Written in its canonical form ("en-gb" → "en-GB"), as the check expects it.
  const language = values.language === undefined ? undefined : canonicalLanguage(values.language);
  if (values.language !== undefined && language === undefined) {
    const problem = languageProblem(values.language);
    process.stderr.write(
      `npm run import: --language: ${problem?.message ?? "expected a language tag"}; ${problem?.fix ?? ""}. ${seeHelp("npm run import")}\n`,
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
  // Read only once iteration starts: lines read earlier would wait in memory while the
  // importer indexes the archive.
  const lines = readLines(stream as AsyncIterable<Uint8Array>);

  const tty = process.stderr.isTTY === true;
  const progressOf = progressWriter(!values.quiet);
  let report: ImportReport;
  try {
    report = await importLines(lines, {
      contentDir: values.content,
      ...(language === undefined ? {} : { language }),
      onProgress: progressOf.update,
      progressEvery: tty ? 100 : 500,
    });
  } finally {
    progressOf.finish();
  }
  process.stdout.write(
    `${styleImportReport(formatImportReport(report), stylesFor(process.stdout))}\n`,
  );
  if (report.files.length > 0) {
    process.stdout.write("\nRun npm run check to validate the archive before committing.\n");
  }
  return report.refused.length > 0 ? 1 : 0;
}

/**
 * Reading, then writing, as progress (scripts/terminal.ts): one line redrawn in place on a
 * terminal; in a log, a line every few seconds and at each quarter of the articles written.
 */
function progressWriter(enabled: boolean): {
  update: (update: Progress) => void;
  finish: () => void;
} {
  const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
  const reading = progress("Reading lines", undefined, { enabled });
  let writing: ReturnType<typeof progress> | undefined;
  let read = 0;
  let written = 0;
  let of = 0;
  return {
    update(update) {
      if (update.phase === "reading") {
        reading.tick(update.lines - read);
        read = update.lines;
        return;
      }
      if (!writing) {
        reading.done(`Read ${plural(read, "line")}.`);
        writing = progress("Writing articles", update.of, { enabled });
      }
      writing.tick(update.articles - written);
      written = update.articles;
      of = update.of;
    },
    finish() {
      reading.done(`Read ${plural(read, "line")}.`);
      writing?.done(`Wrote ${plural(written, "article")} of ${formatCount(of)}.`);
    },
  };
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
