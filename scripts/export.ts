// npm run export -- --format jsonl|sqlite --out FILE [--content DIR]: the archive as a data set,
// with each change's significance, notices and paragraph provenance (docs/export.md).

import { existsSync, renameSync, rmSync } from "node:fs";
import { isMain, parseCommandLine } from "./cli.ts";
import { formatProblems } from "./load/index.ts";
import type { Article, ContentProblem, Source } from "./load/index.ts";
import { jsonlWriter, type ExportWriter } from "./export/jsonl.ts";
import { openContent } from "./export/read.ts";
import { articleRecords } from "./export/records.ts";
import { loadSqlite, sqliteWriter, SQLITE_TOO_OLD } from "./export/sqlite.ts";

const USAGE = `Usage: npm run export -- --format jsonl|sqlite --out FILE [--content DIR] [--quiet]

Writes the archive as a data set, article by article (see docs/export.md):
  jsonl   one JSON object per line, one line per version: its text, since when each
          paragraph has stood, its SHA-256, and the change that produced it (significance,
          notice added, whether a substantive change came without one)
  sqlite  tables articles, versions, sentences and sentence_diffs, shaped like the
          NewsEdits data set (needs Node 22.13 or later)

Options:
  --format jsonl|sqlite  what to write (required)
  --out FILE             where to write it (required); replaced only when the export succeeds
  --content DIR          the content folder (default: content)
  --quiet                no progress on standard error
  -h, --help             show this help

Exits with 0 on success, 1 when the content has problems or SQLite is unavailable (nothing is
written), 2 when the command was used wrongly.`;

export async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run export",
    options: {
      format: { type: "string" },
      out: { type: "string" },
      content: { type: "string", default: "content" },
      quiet: { type: "boolean", default: false },
    },
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values } = commandLine;
  if (values.format !== "jsonl" && values.format !== "sqlite") {
    process.stderr.write(
      `--format: expected jsonl or sqlite, found ${values.format === undefined ? "nothing" : JSON.stringify(values.format)}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (values.out === undefined || values.out === "") {
    process.stderr.write(`--out: give the file to write\n\n${USAGE}\n`);
    return 2;
  }
  const sqlite = values.format === "sqlite" ? await loadSqlite() : undefined;
  if (values.format === "sqlite" && !sqlite) {
    process.stderr.write(`${SQLITE_TOO_OLD}\n`);
    return 1;
  }

  const content = openContent(values.content);
  const problems: ContentProblem[] = [...content.problems];
  const partial = `${values.out}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  // The record being written still knows its article (the SQLite tables want its tracking).
  let current: { article: Article; source: Source | undefined } | undefined;
  const writer: ExportWriter = sqlite
    ? sqliteWriter(sqlite, partial, () => current!)
    : jsonlWriter(partial);
  const tty = process.stderr.isTTY === true && !values.quiet;
  let done = 0;
  let versions = 0;
  try {
    for (const item of content.articles()) {
      done++;
      problems.push(...item.problems);
      if (item.article && problems.length === 0) {
        current = { article: item.article, source: item.source };
        const records = articleRecords(item.article, item.source);
        writer.article(records);
        versions += records.length;
      }
      if (tty && (done % 25 === 0 || done === content.files.length)) {
        process.stderr.write(`\r\x1b[Kexported ${done} of ${content.files.length} articles`);
      }
    }
  } finally {
    writer.close();
    if (tty) process.stderr.write("\n");
  }
  if (problems.length > 0) {
    rmSync(partial, { force: true });
    process.stderr.write(
      `${formatProblems(problems)}\nNothing was exported: fix the content first (npm run check).\n`,
    );
    return 1;
  }
  if (existsSync(values.out)) rmSync(values.out, { force: true });
  renameSync(partial, values.out);
  if (!values.quiet) {
    process.stderr.write(
      `Exported ${done} articles, ${versions} versions to ${values.out} (${values.format}).\n`,
    );
  }
  return 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
