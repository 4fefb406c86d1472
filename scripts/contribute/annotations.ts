// Content problems as GitHub Actions workflow commands, so that a pull request shows each one
// on the line of the file it is about ("Files changed", and the run's summary).
import type { ContentProblem } from "../load/types.ts";

/** Whether this process runs in a GitHub Actions job (where annotations are read). */
export function inGitHubActions(env: Readonly<Record<string, string | undefined>> = process.env) {
  return env.GITHUB_ACTIONS === "true";
}

/**
 * `::error file=…,line=…,title=…::message`, one line. The message says what was wrong and how
 * to fix it (the file and line are the annotation's place); the title names the field.
 */
export function annotation(problem: ContentProblem, kind = "Content problem"): string {
  const properties = [`file=${escapeProperty(problem.file)}`];
  if (problem.line !== undefined) properties.push(`line=${problem.line}`);
  properties.push(
    `title=${escapeProperty(problem.field === "" ? kind : `${kind}: ${problem.field}`)}`,
  );
  const message = [problem.message, problem.fix].filter((part) => part !== "").join(" → ");
  return `::error ${properties.join(",")}::${escapeData(message)}`;
}

/** A command's message: "%", CR and LF would end or change the command (GitHub's own rules). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property's value: also "," and ":", which separate properties and the message. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
