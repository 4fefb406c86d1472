// npm run capture -- …: capture the archive's own sources (docs/capture.md).
import { writeFile } from "node:fs/promises";
import { isMain, parseCommandLine } from "./cli.ts";
import { capture, type CaptureSummary } from "./capture/run.ts";

const USAGE = `Usage: npm run capture -- [--source <key>] [--url <url>] [--dry-run] [--force]
         [--reextract] [--allow-private] [--content <dir>] [--cache <dir>] [--summary <file>]

Captures the sources that have a "capture:" entry in content/sources.yaml:
finds new articles in their feeds and sitemaps, checks each tracked article
that is due (often while it changes, less often as it settles), and appends a
version when its text changed. Pages that went away or moved are recorded as
events; bot checks, paywalls and consent pages are never stored.

Options:
  --source <key>     only this source
  --url <url>        only this article (checked now, even if not due or stopped)
  --dry-run          say what would change; write nothing (not even the cache)
  --force            check every tracked article now, due or not
  --reextract        extract the kept raw responses again (no network); a text
                     that changes is recorded as an extraction change
  --allow-private    allow addresses on private, loopback and link-local networks
  --content <dir>    the content folder (default: content)
  --cache <dir>      state and raw responses (default: .cache/capture)
  --summary <file>   also write the summary as Markdown to this file
  -h, --help         show this help

Exit status: 0 when nothing failed, 1 when any article or source failed (the
others are still captured), 2 when the command was used wrongly.`;

async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run capture",
    options: {
      source: { type: "string" },
      url: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      reextract: { type: "boolean", default: false },
      "allow-private": { type: "boolean", default: false },
      content: { type: "string", default: "content" },
      cache: { type: "string", default: ".cache/capture" },
      summary: { type: "string" },
    },
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values } = commandLine;
  const terminal = process.stderr.isTTY === true;
  let shown = 0;
  const summary = await capture({
    contentDir: values.content,
    cacheDir: values.cache,
    ...(values.source === undefined ? {} : { source: values.source }),
    ...(values.url === undefined ? {} : { url: values.url }),
    dryRun: values["dry-run"],
    force: values.force,
    reextract: values.reextract,
    allowPrivate: values["allow-private"],
    ...(terminal
      ? {
          onProgress: (text: string) => {
            shown++;
            const line = `${shown}: ${text}`.slice(0, (process.stderr.columns ?? 80) - 1);
            process.stderr.write(`\r\x1b[2K${line}`);
          },
        }
      : {}),
  });
  if (terminal && shown > 0) process.stderr.write("\r\x1b[2K");
  for (const failure of summary.failures) process.stderr.write(`${safe(failure)}\n`);
  if (summary.sources === 0 && summary.failures.length === 0) {
    process.stdout.write(
      `No source in ${values.content}/sources.yaml has a "capture:" entry, so there is nothing to capture; see docs/capture.md.\n`,
    );
    return 0;
  }
  process.stdout.write(formatSummary(summary));
  if (values.summary !== undefined) await writeFile(values.summary, markdownSummary(summary));
  return summary.failures.length > 0 ? 1 : 0;
}

/** Messages quote URLs and page text: never let them drive the terminal. */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

export function formatSummary(summary: CaptureSummary): string {
  const lines = summary.changes.map((change) => `  ${safe(change)}`);
  const would = summary.dryRun ? "Dry run, nothing written. Would have: " : "";
  return `${lines.length > 0 ? `${lines.join("\n")}\n` : ""}${would}${summary.found} new in feeds, ${summary.created} created, ${summary.appended} versions appended, ${summary.unchanged} unchanged, ${summary.events} events, ${summary.stopped} stopped, ${summary.notDue} not due, ${summary.failures.length} failures.\n`;
}

function markdownSummary(summary: CaptureSummary): string {
  const escape = (text: string): string => safe(text).replace(/([\\`*_[\]<>|])/g, "\\$1");
  return [
    "Capture run summary:",
    "",
    `- ${summary.found} new articles found in feeds, ${summary.created} created`,
    `- ${summary.appended} versions appended, ${summary.unchanged} articles unchanged`,
    `- ${summary.events} events, ${summary.stopped} articles stopped`,
    `- ${summary.failures.length} failures`,
    "",
    ...(summary.changes.length > 0
      ? ["Changes:", "", ...summary.changes.map((c) => `- ${escape(c)}`), ""]
      : []),
    ...(summary.failures.length > 0
      ? ["Failures:", "", ...summary.failures.map((f) => `- ${escape(f)}`), ""]
      : []),
  ].join("\n");
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
