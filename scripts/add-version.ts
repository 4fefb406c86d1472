// npm run add-version -- …: append one captured version to one article.
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { text as readAll } from "node:stream/consumers";
import { isMain, parseCommandLine, seeHelp } from "./cli.ts";
import { indexArchive, readUrl, urlKey } from "./contribute/files.ts";
import { importLines } from "./contribute/importer.ts";
import { canonicalLanguage, languageProblem } from "./load/language.ts";
import { decodeUtf8 } from "./load/text.ts";
import { stylesFor } from "./terminal.ts";

const USAGE = `Usage: npm run add-version -- --url <url> --source <key> --headline <text>
         [--body-file <file> | < body.txt] [--captured-at <time>]
         [--byline <text>] [--standfirst <text>] [--archive-url <url>]
         [--file content/<source>/<slug>.md] [--content <dir>] [--language <tag>]

Appends one version to the article with this URL, or creates the article
(content/<source>/<slug>.md) when the URL is new. The file is rewritten in
its canonical form, so the pull request's diff shows only the new version.

The body is plain text, paragraphs separated by a blank line, read from
--body-file or from standard input (--body-file - also means standard input).

Options:
  --url <url>           the article's canonical URL (not needed with --file)
  --source <key>        the source folder, e.g. bbc (needed for a new article)
  --headline <text>     the headline of this version
  --captured-at <time>  when the version was captured, ISO 8601 with an offset,
                        e.g. 2024-05-01T09:30:00Z (default: now)
  --byline, --standfirst, --archive-url <value>   optional fields of the version
  --file <path>         the article file to append to (instead of finding it by URL)
  --content <dir>       the content folder (default: content)
  --language <tag>      language of the source, if it is new (default: en)
  -h, --help            show this help

Refused (exit 1): a capture time that is not after the article's latest
version, or a version with the same text as the latest one.
Exit 2: the command was used wrongly.`;

interface Options {
  url?: string;
  source?: string;
  headline?: string;
  "body-file"?: string;
  "captured-at"?: string;
  byline?: string;
  standfirst?: string;
  "archive-url"?: string;
  file?: string;
  content: string;
  language?: string;
}

/** Now, to the second, in UTC: "2024-05-01T09:30:00Z". */
export function now(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run add-version",
    options: {
      url: { type: "string" },
      source: { type: "string" },
      headline: { type: "string" },
      "body-file": { type: "string" },
      "captured-at": { type: "string" },
      byline: { type: "string" },
      standfirst: { type: "string" },
      "archive-url": { type: "string" },
      file: { type: "string" },
      content: { type: "string", default: "content" },
      language: { type: "string" },
    },
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const options: Options = commandLine.values;

  // Written in its canonical form ("en-gb" → "en-GB"), as the check expects it.
  const language = options.language === undefined ? undefined : canonicalLanguage(options.language);
  if (options.language !== undefined && language === undefined) {
    const problem = languageProblem(options.language);
    return usage(
      `--language: ${problem?.message ?? "expected a language tag"}; ${problem?.fix ?? ""}`,
    );
  }
  let url = options.url;
  let source = options.source;
  if (options.file !== undefined) {
    let fileUrl: string | undefined;
    try {
      fileUrl = await readUrl(options.file);
    } catch {
      return usage(
        `--file: cannot read ${options.file}; give the path of an existing article file`,
      );
    }
    if (fileUrl === undefined) {
      return usage(`--file: ${options.file} has no readable url field; run npm run check`);
    }
    if (url !== undefined && urlKey(url) !== urlKey(fileUrl)) {
      return usage(
        `--url ${url} is not the URL of ${options.file}, which is ${fileUrl}; give one of them`,
      );
    }
    url = fileUrl;
    const folder = basename(dirname(options.file));
    if (source !== undefined && source !== folder) {
      return usage(`--source ${source} does not match the folder of ${options.file} (${folder})`);
    }
    source = folder;
  }
  if (url === undefined) {
    return usage("give the article's URL with --url (or its file with --file)");
  }
  const archived = (await indexArchive(options.content)).byUrl.get(urlKey(url));
  if (options.file !== undefined && !archived) {
    return usage(
      `--file: ${options.file} is not an article of ${options.content}; give a file inside the content folder (or --content <dir>)`,
    );
  }
  // An archived URL already has its source; only a new article needs --source.
  source ??= archived?.source;
  if (source === undefined) {
    return usage("this URL is new: give its source folder with --source, e.g. --source bbc");
  }
  if (options.headline === undefined) return usage('give the headline with --headline "…"');

  let body: string | undefined;
  const bodyFile = options["body-file"];
  if (bodyFile === undefined && process.stdin.isTTY) {
    return usage("give the body with --body-file <file>, or pipe it on standard input");
  }
  try {
    const bytes =
      bodyFile === undefined || bodyFile === "-"
        ? Buffer.from(await readAll(process.stdin), "utf8")
        : await readFile(bodyFile);
    body = decodeUtf8(bytes);
  } catch {
    return usage(`--body-file: cannot read ${bodyFile}`);
  }
  if (body === undefined) {
    return usage(`the body (${bodyFile ?? "standard input"}) is not UTF-8 text; save it as UTF-8`);
  }

  const record = {
    url,
    source,
    captured_at: options["captured-at"] ?? now(),
    headline: options.headline,
    body,
    ...(options.byline === undefined ? {} : { byline: options.byline }),
    ...(options.standfirst === undefined ? {} : { standfirst: options.standfirst }),
    ...(options["archive-url"] === undefined ? {} : { archive_url: options["archive-url"] }),
  };
  const report = await importLines(oneLine(JSON.stringify(record)), {
    contentDir: options.content,
    ...(language === undefined ? {} : { language }),
  });
  const err = stylesFor(process.stderr);
  for (const warning of report.warnings) process.stderr.write(`${err.warning(warning)}\n`);
  const refusal = report.refused[0] ?? report.skipped[0];
  const written = report.files[0];
  if (refusal || !written) {
    process.stderr.write(
      `${err.problem("Not added:")} ${asOptions(refusal?.reason ?? "nothing to add")}\n`,
    );
    return 1;
  }
  const out = stylesFor(process.stdout);
  process.stdout.write(
    `${out.ok(
      written.kind === "created"
        ? `Created ${written.file} with version 1.`
        : `Added version ${written.versions} to ${written.file}.`,
    )}\n`,
  );
  return 0;
}

/** Reasons name import fields ("captured_at"); here the person typed options. */
function asOptions(reason: string): string {
  return reason.replace(
    /"(url|source|captured_at|headline|byline|standfirst|archive_url)"/g,
    (_, field: string) => `--${field.replace("_", "-")}`,
  );
}

async function* oneLine(line: string): AsyncGenerator<string> {
  yield line;
}

/** A mistake in how the command was used: one line, and where the usage is. */
function usage(message: string): number {
  process.stderr.write(`npm run add-version: ${message}. ${seeHelp("npm run add-version")}\n`);
  return 2;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
