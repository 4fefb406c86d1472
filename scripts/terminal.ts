// How commands write for a person at a terminal and for a log alike: colour only on a terminal
// (and never with NO_COLOR), progress redrawn in place on a terminal and as a few plain lines
// in a log.
import { styleText } from "node:util";

/** The part of a stream this module writes to (process.stdout, process.stderr, a test's). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether text written to `stream` may be coloured: NO_COLOR (any value but empty) turns
 * colour off, FORCE_COLOR (any value but "0" or "false") turns it on, and otherwise only a
 * terminal gets colour (a log file, a pipe or CI's captured output does not).
 */
export function colourFor(stream: OutputStream, env: Env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** What is being said, not how it looks: each kind has one style. */
export interface Styles {
  /** A problem: the count of problems, "Refused". */
  problem(text: string): string;
  /** Something to look at, not a failure. */
  warning(text: string): string;
  /** All is well: the summary of a valid archive. */
  ok(text: string): string;
  /** A heading, such as the file a block of problems is about. */
  heading(text: string): string;
  /** Less important detail. */
  dim(text: string): string;
}

const STYLE: Record<keyof Styles, Parameters<typeof styleText>[0]> = {
  problem: ["bold", "red"],
  warning: "yellow",
  ok: "green",
  heading: "bold",
  dim: "dim",
};

/**
 * The styles for text written to `stream`: coloured with util.styleText when `colourFor`
 * says so, and the text unchanged otherwise. (Whether to colour is decided here, not by
 * styleText's own stream check, which Node versions do differently.)
 */
export function stylesFor(stream: OutputStream, env: Env = process.env): Styles {
  const colour = colourFor(stream, env);
  const style =
    (format: Parameters<typeof styleText>[0]) =>
    (text: string): string =>
      colour && text !== "" ? styleText(format, text, { validateStream: false }) : text;
  return {
    problem: style(STYLE.problem),
    warning: style(STYLE.warning),
    ok: style(STYLE.ok),
    heading: style(STYLE.heading),
    dim: style(STYLE.dim),
  };
}

/** "4,812": counts read at a glance. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export interface ProgressOptions {
  /** Where progress goes (default: standard error, so standard output stays the result). */
  stream?: OutputStream;
  /** In a log: a line at most this often, besides the milestones (default 5 s). */
  logEveryMs?: number;
  /** On a terminal: the line redrawn at most this often (default 100 ms). */
  redrawEveryMs?: number;
  /** Whether anything is written at all (false: a silent reporter, e.g. for --quiet). */
  enabled?: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

export interface Progress {
  /** `n` more done (default 1). */
  tick(n?: number): void;
  /** Done: the line is replaced by `summary` (a terminal) or `summary` is written (a log). */
  done(summary?: string): void;
}

/**
 * Reports progress through `total` steps (or an unknown number: `total` undefined).
 *
 * On a terminal, one line, "Loading articles 4,812/10,000", redrawn in place. In a log (not a
 * terminal: CI, a file, a pipe), plain lines: one at each quarter of the total, and otherwise
 * at most one every few seconds, so a long run shows it is alive without flooding the log.
 *
 *     const p = progress("Loading articles", files.length);
 *     for (const file of files) { …; p.tick(); }
 *     p.done(`Loaded ${files.length} articles.`);
 */
export function progress(label: string, total?: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const enabled = options.enabled ?? true;
  const tty = stream.isTTY === true;
  const every = tty ? (options.redrawEveryMs ?? 100) : (options.logEveryMs ?? 5000);
  let count = 0;
  let last = now();
  let drawn = false;
  let milestone = 0; // quarters of the total already reported (in a log)
  let finished = false;

  const text = (): string =>
    `${label} ${formatCount(count)}${total === undefined ? "" : `/${formatCount(total)}`}`;
  const write = (): void => {
    last = now();
    if (tty) {
      const line = text();
      const width = stream.columns ?? 0;
      stream.write(
        `\r\x1b[K${width > 1 && line.length >= width ? line.slice(0, width - 1) : line}`,
      );
      drawn = true;
    } else {
      stream.write(`${text()}\n`);
    }
  };

  return {
    tick(n = 1) {
      if (!enabled || finished) return;
      count += n;
      if (!tty && total !== undefined && total > 0) {
        const quarter = Math.min(4, Math.floor((count / total) * 4));
        // The last quarter is the summary's to say.
        if (quarter > milestone && quarter < 4) {
          milestone = quarter;
          write();
          return;
        }
      }
      if (now() - last >= every) write();
    },
    done(summary) {
      if (!enabled || finished) return;
      finished = true;
      if (tty && drawn) stream.write("\r\x1b[K");
      if (summary !== undefined) stream.write(`${summary}\n`);
    },
  };
}
