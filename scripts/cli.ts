// What every command shares: whether a module runs as the command, and its command line read
// with one kind of message for every mistake (one line, exit code 2, never a stack trace).
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { closest } from "./load/suggest.ts";

/**
 * Whether the module with this `import.meta.url` is the script Node was started with (so it
 * runs as a command, and only imports when imported). Compared as file URLs of real paths,
 * so a checkout under a path with spaces, non-ASCII letters or a symbolic link is still
 * recognised (`file://${argv[1]}` is not a URL: its spaces are not escaped).
 */
export function isMain(
  importMetaUrl: string,
  argv1: string | undefined = process.argv[1],
): boolean {
  if (argv1 === undefined || argv1 === "") return false;
  return fileUrlOf(argv1) === fileUrlOf(importMetaUrl);
}

function fileUrlOf(pathOrUrl: string): string {
  let file = pathOrUrl;
  try {
    if (pathOrUrl.startsWith("file:")) file = fileURLToPath(pathOrUrl);
    file = realpathSync(file);
  } catch {
    file = path.resolve(file);
  }
  return pathToFileURL(file).href;
}

/** What a command takes; `help` is its usage text, shown by --help / -h. */
export interface CommandLineSpec<O extends NonNullable<ParseArgsConfig["options"]>> {
  /** How the person typed the command, for messages: "npm run check". */
  command: string;
  options: O;
  allowPositionals?: boolean;
  help: string;
  /** Where messages go (default: the process's standard streams). */
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

type WithHelp<O> = O & { help: { type: "boolean"; short: "h"; default: false } };

type Parsed<O extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: WithHelp<O>;
    strict: true;
    allowPositionals: boolean;
  }>
>;

/**
 * The command line read, or the exit code to end with: 0 after --help (the usage text on
 * standard output), 2 after a mistake (one line on standard error, naming what was wrong,
 * the closest option when one is near, and where the usage is).
 */
export type CommandLine<O extends NonNullable<ParseArgsConfig["options"]>> =
  | { exitCode?: undefined; values: Parsed<O>["values"]; positionals: string[] }
  | { exitCode: 0 | 2 };

/** node:util parseArgs, strict, with --help / -h added and its errors said as one line. */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: readonly string[],
  spec: CommandLineSpec<O>,
): CommandLine<O> {
  const stdout = spec.stdout ?? process.stdout;
  const stderr = spec.stderr ?? process.stderr;
  const options = {
    ...spec.options,
    help: { type: "boolean", short: "h", default: false },
  } as WithHelp<O>;
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.allowPositionals ?? false,
    });
  } catch (error) {
    stderr.write(
      `${spec.command}: ${commandLineMistake(error, options)} ${seeHelp(spec.command)}\n`,
    );
    return { exitCode: 2 };
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    stdout.write(`${spec.help}\n`);
    return { exitCode: 0 };
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * "See npm run check -- --help." (npm passes what follows `--` to the script); a command run
 * by node itself takes --help as it is.
 */
export function seeHelp(command: string): string {
  return `See ${command}${command.startsWith("npm ") ? " --" : ""} --help.`;
}

/** One line, lower-case and ending with a full stop, for a parseArgs error. */
function commandLineMistake(
  error: unknown,
  options: NonNullable<ParseArgsConfig["options"]>,
): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message ?? "")?.[1] ?? "";
  const names = Object.keys(options);
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const option = quoted.split("=")[0] ?? quoted;
      const typed = option.replace(/^-+/, "");
      const byShort = Object.entries(options).find(([, o]) => o.short === typed)?.[0];
      const near = option.startsWith("--") ? closest(typed, names) : byShort;
      return `unknown option ${option}${near ? ` (did you mean --${near}?)` : ""}.`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted.replace(/ <value>$/, "").split(/[ ,]/)[0] ?? quoted;
      const name = option.replace(/^-+/, "");
      const long = names.includes(name)
        ? name
        : Object.entries(options).find(([, o]) => o.short === name)?.[0];
      const config = long === undefined ? undefined : options[long];
      return config?.type === "boolean"
        ? `option --${long} takes no value.`
        : `option --${long ?? name} needs a value: --${long ?? name} <value>.`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}: this command takes options only.`;
    default:
      return `${(message ?? String(error)).replace(/\.$/, "")}.`;
  }
}
