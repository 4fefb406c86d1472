// content/sources.yaml: every source described once, keyed by its folder name.
import { nameProblem } from "./names.ts";
import { isHeadlinesOnly, SourceSchema } from "./schema.ts";
import { normaliseNewlines } from "./text.ts";
import type { ContentProblem, Source } from "./types.ts";
import { validate } from "./validate.ts";
import { lineOfPath, parseYaml } from "./yaml.ts";

/**
 * The keys of sources.yaml, and which of them are headlines-only (their
 * articles' versions may have no body). Article validation needs both.
 */
export class SourceKeys extends Set<string> {
  readonly headlinesOnly: ReadonlySet<string>;
  constructor(keys: Iterable<string>, headlinesOnly: Iterable<string> = []) {
    super(keys);
    this.headlinesOnly = new Set(headlinesOnly);
  }
}

/** Whether articles in this source folder may leave out the body. */
export function allowsNoBody(sources: ReadonlySet<string> | undefined, source: string): boolean {
  return sources instanceof SourceKeys && sources.headlinesOnly.has(source);
}

export interface ParsedSources {
  /** The valid entries, sorted by key. */
  sources: Source[];
  /**
   * Every key the file mentions, valid or not, so that articles are not also
   * blamed for a source whose entry has a typo. Undefined when the file
   * could not be read at all.
   */
  keys?: ReadonlySet<string>;
  problems: ContentProblem[];
}

const ENTRY_EXAMPLE =
  'bbc: { name: "BBC News", homepage: "https://www.bbc.co.uk/news", language: "en" }';

export function parseSourcesFile(file: string, text: string): ParsedSources {
  const { source, data, problems } = parseYaml(file, normaliseNewlines(text));
  if (data === undefined) return { sources: [], problems };
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return {
      sources: [],
      problems: [
        {
          file,
          field: "",
          line: lineOfPath(source, []) ?? 1,
          message: `expected one entry per source, found ${data === null ? "an empty file" : Array.isArray(data) ? "a list" : "a single value"}`,
          fix: `write one entry per source folder, such as ${ENTRY_EXAMPLE}`,
        },
      ],
    };
  }

  const entries = Object.entries(data as Record<string, unknown>);
  const sources: Source[] = [];
  for (const [key, value] of entries) {
    const keyProblem = nameProblem(key, "source");
    const line = lineOfPath(source, [key]);
    if (keyProblem) {
      problems.push({ file, field: key, ...(line === undefined ? {} : { line }), ...keyProblem });
    }
    const validated = validate(SourceSchema, source, value, [key]);
    problems.push(...validated.problems);
    if (!keyProblem && validated.value) sources.push({ key, ...validated.value });
  }
  sources.sort((a, b) => compare(a.key, b.key));
  const keys = new SourceKeys(
    entries.map(([key]) => key),
    sources.filter(isHeadlinesOnly).map((source) => source.key),
  );
  return { sources, keys, problems };
}

/** Missing sources.yaml: one problem, phrased with what to create. */
export function missingSourcesProblem(file: string, lookalike?: string): ContentProblem {
  return {
    file,
    field: "",
    message: lookalike
      ? `expected a file named sources.yaml describing every source, found ${JSON.stringify(lookalike)} instead`
      : "expected a file describing every source, found none",
    fix: lookalike
      ? `rename ${lookalike} to sources.yaml`
      : `create it with one entry per source folder, such as ${ENTRY_EXAMPLE}`,
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
