// The human-readable problem report printed by check and build.
import { compare } from "./sources.ts";
import type { ContentProblem } from "./types.ts";

/**
 * One block per file, one line per problem:
 *   file:line → field.path → what was expected, what was found → how to fix
 * followed by a count line such as "3 problems in 1 file".
 */
export function formatProblems(problems: readonly ContentProblem[]): string {
  if (problems.length === 0) return "No problems.";
  const byFile = new Map<string, ContentProblem[]>();
  for (const problem of problems) {
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  }
  const files = [...byFile.keys()].sort(compare);
  const blocks = files.map((file) => {
    const lines = (byFile.get(file) ?? [])
      .slice()
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map((problem) => `  ${formatProblem(problem)}`);
    return [file, ...lines].join("\n");
  });
  const count = `${plural(problems.length, "problem")} in ${plural(files.length, "file")}`;
  return `${blocks.join("\n\n")}\n\n${count}`;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const parts = [where, problem.field, problem.message, problem.fix].filter((part) => part !== "");
  // Content is untrusted: never let it put control characters on a terminal.
  return parts
    .join(" → ")
    .replace(
      /[\u0000-\u001f\u007f-\u009f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
