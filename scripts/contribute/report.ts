// What an import did, for the person (or bot log) reading it.
import type { Styles } from "../terminal.ts";
import type { ImportReport } from "./importer.ts";

/**
 * The files written, the counts (every input line is counted exactly once),
 * then every skipped and refused line as "line N: reason", then warnings.
 */
export function formatImportReport(report: ImportReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    out.push(
      file.kind === "created"
        ? `created ${file.file} (${count(file.versions, "version")})`
        : `updated ${file.file} (+${count(file.added, "version")}, ${file.versions} in all)`,
    );
  }
  if (out.length > 0) out.push("");
  out.push(
    `${count(report.lines, "line")}: ${report.created} created an article, ${report.appended} appended a version, ${report.skipped.length} skipped, ${report.refused.length} refused.`,
  );
  if (report.skipped.length > 0) {
    out.push("", "Skipped (already in the archive, or no change):");
    for (const note of report.skipped) out.push(`  line ${note.line}: ${safe(note.reason)}`);
  }
  if (report.refused.length > 0) {
    out.push("", "Refused (nothing was written for these lines):");
    for (const note of report.refused) out.push(`  line ${note.line}: ${safe(note.reason)}`);
  }
  const notes = [...report.warnings];
  for (const [field, lines] of report.ignoredFields) {
    notes.push(
      `ignored the field "${safe(field)}", which is not part of the import format, on ${count(lines.length, "line")} (first: line ${lines[0]})`,
    );
  }
  if (notes.length > 0) {
    out.push("", "Warnings:");
    for (const note of notes) out.push(`  ${note}`);
  }
  return out.join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Input is untrusted: never let it put control characters on a terminal. */
function safe(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The report for a terminal: the count line stands out, refusals as problems, warnings as
 * warnings, skipped lines (which are fine) dimmed. The text is unchanged where colour is off.
 */
export function styleImportReport(text: string, styles: Styles): string {
  return text
    .split("\n")
    .map((line) => {
      if (/^\d+ lines?: /.test(line)) return styles.heading(line);
      if (line.startsWith("Refused (")) return styles.problem(line);
      if (line === "Warnings:") return styles.warning(line);
      if (line.startsWith("Skipped (")) return styles.dim(line);
      return line;
    })
    .join("\n");
}
