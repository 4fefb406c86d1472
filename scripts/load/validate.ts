// Schema validation that reports every issue, phrased for the person fixing the file.
import { z } from "zod";
import type { ContentProblem } from "./types.ts";
import { languageProblem } from "./language.ts";
import { closest } from "./suggest.ts";
import { formatPath, lineOfPath, writtenAt } from "./yaml.ts";
import type { PathSegment, YamlSource } from "./yaml.ts";

export type Validated<T> =
  { value: T; problems: [] } | { value?: undefined; problems: ContentProblem[] };

/**
 * Validates YAML data against a schema; every issue becomes a problem with its
 * line. `basePath` is where `data` sits in the YAML document.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  data: unknown,
  basePath: readonly PathSegment[] = [],
): Validated<z.output<S>> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  // A misspelt field ("headlne") also leaves the real one missing; the
  // "did you mean" on the misspelling is the one problem worth reporting.
  const misspelt = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const allowed = fieldsAt(schema, segments(issue.path));
    for (const key of issue.keys) {
      const meant = closest(key, allowed);
      if (meant) misspelt.add(formatPath([...issue.path, meant]));
    }
  }
  const issues = result.error.issues.filter(
    (issue) => !(issue.code === "invalid_type" && misspelt.has(formatPath(issue.path))),
  );
  return {
    problems: issues.flatMap((issue) => issueProblems(schema, source, data, basePath, issue)),
  };
}

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter(
    (segment): segment is PathSegment => typeof segment === "string" || typeof segment === "number",
  );
}

function issueProblems(
  schema: z.ZodType,
  source: YamlSource,
  data: unknown,
  basePath: readonly PathSegment[],
  issue: z.core.$ZodIssue,
): ContentProblem[] {
  const path = segments(issue.path);
  const at = (relative: readonly PathSegment[], message: string, fix: string): ContentProblem => {
    const fieldPath = [...basePath, ...relative];
    const line = lineOfPath(source, fieldPath);
    return {
      file: source.file,
      field: formatPath(fieldPath),
      message,
      fix,
      ...(line === undefined ? {} : { line }),
    };
  };
  const key = path[path.length - 1];
  const input = "input" in issue ? issue.input : undefined;
  const written = writtenAt(source, [...basePath, ...path]);
  const found = describe(input, written);

  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = fieldsAt(schema, path);
      return issue.keys.map((unknownKey) => {
        const suggestion = closest(unknownKey, allowed);
        return at(
          [...path, unknownKey],
          `expected one of the fields ${allowed.join(", ")}, found the unknown field ${JSON.stringify(unknownKey)}`,
          suggestion
            ? `did you mean ${JSON.stringify(suggestion)}? rename the field`
            : "remove it, or rename it to one of the fields listed",
        );
      });
    }
    case "invalid_type": {
      if (input === undefined && !hasKey(data, path)) {
        return [
          at(
            path,
            `expected the field ${JSON.stringify(String(key))}, found none`,
            `add ${exampleFor(String(key))}`,
          ),
        ];
      }
      const expected = EXPECTED_NAMES[issue.expected] ?? `a ${issue.expected}`;
      if (
        issue.expected === "string" &&
        (typeof input === "number" || typeof input === "boolean")
      ) {
        const shown = written ?? String(input);
        return [
          at(
            path,
            `expected text, found ${found}: YAML reads unquoted ${shown} as a ${typeof input}`,
            `quote it: ${String(key)}: ${JSON.stringify(shown)}`,
          ),
        ];
      }
      if (input === null) {
        return [
          at(
            path,
            `expected ${expected}, found an empty value`,
            `write the value after "${String(key)}:", or remove the line if the field is optional`,
          ),
        ];
      }
      if (issue.expected === "number" && typeof input === "string") {
        return [
          at(
            path,
            `expected a number, found ${found}`,
            `write the number without quotes: ${String(key)}: ${input}`,
          ),
        ];
      }
      return [at(path, `expected ${expected}, found ${found}`, `write ${expected} here`)];
    }
    case "too_small": {
      if (issue.origin === "array") {
        return [
          at(
            path,
            `expected at least one ${key === "versions" ? "version" : "item"}, found an empty list`,
            key === "versions"
              ? "add a version with captured_at, headline and body"
              : "add an item, or remove the field",
          ),
        ];
      }
      if (issue.origin === "string") {
        const raw = valueAt(data, path);
        const what = typeof raw === "string" && raw !== "" ? "only whitespace" : "an empty value";
        return [
          at(
            path,
            `expected some text, found ${what}`,
            key === "body"
              ? "paste the article text under body: | (a version captured with no text is not a version: delete it)"
              : `write the ${String(key)}, or remove the line if the field is optional`,
          ),
        ];
      }
      return [at(path, `${issue.message}, found ${found}`, "change the value")];
    }
    case "invalid_format": {
      if (issue.format === "datetime" && typeof input === "string") {
        return [at(path, ...timestampAdvice(input))];
      }
      return [at(path, `${issue.message}, found ${found}`, "correct the value")];
    }
    case "invalid_value": {
      const options = issue.values.map((value) => JSON.stringify(value));
      const suggestion =
        typeof input === "string" ? closest(input, issue.values.map(String)) : undefined;
      return [
        at(
          path,
          `expected one of ${options.join(", ")}, found ${found}`,
          suggestion
            ? `did you mean ${JSON.stringify(suggestion)}?`
            : `use one of ${options.join(", ")}`,
        ),
      ];
    }
    case "custom": {
      if (issue.message.includes("http")) return [at(path, ...urlAdvice(input, found))];
      const language = key === "language" && typeof input === "string" && languageProblem(input);
      if (language) return [at(path, language.message, language.fix)];
      return [at(path, `${issue.message}, found ${found}`, "correct the value")];
    }
    default:
      return [at(path, `${issue.message}, found ${found}`, "correct the value")];
  }
}

/** What went wrong with a timestamp string that is not ISO 8601 with an offset. */
export function timestampAdvice(value: string): [message: string, fix: string] {
  const example = '"2008-03-18T09:05:00Z"';
  const found = JSON.stringify(value);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/.test(value)) {
    return [
      `expected a date and time with an offset, found ${found} without one`,
      `add Z (UTC) or +hh:mm for the time zone it was captured in: ${JSON.stringify(`${value}Z`)}`,
    ];
  }
  if (/^\d{4}-\d\d-\d\d[ t]\d\d:\d\d/.test(value)) {
    return [
      `expected a "T" between the date and the time, found ${found}`,
      `write it as ${JSON.stringify(value.replace(/^(\d{4}-\d\d-\d\d)[ t]/, "$1T"))}`,
    ];
  }
  if (/[+-]\d{4}$/.test(value)) {
    return [
      `expected the offset written as +hh:mm, found ${found}`,
      `write it as ${JSON.stringify(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"))}`,
    ];
  }
  if (/^\d{4}-\d\d-\d\d$/.test(value)) {
    return [
      `expected a date and a time, found only the date ${found}`,
      `add the time and offset: ${JSON.stringify(`${value}T00:00:00Z`)} if the time is unknown`,
    ];
  }
  return [
    `expected an ISO 8601 date and time with an offset such as ${example}, found ${found}`,
    "write it as YYYY-MM-DDThh:mm:ss followed by Z or +hh:mm (and check the date exists)",
  ];
}

function urlAdvice(input: unknown, found: string): [message: string, fix: string] {
  if (typeof input === "string") {
    const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(input)?.[1]?.toLowerCase();
    if (scheme && scheme !== "http" && scheme !== "https") {
      return [
        `expected an http:// or https:// address, found a ${scheme}: address`,
        "only http:// and https:// links are allowed; use the page's web address",
      ];
    }
  }
  return [
    `expected an absolute http:// or https:// address, found ${found}`,
    'write the full address, starting with "https://"',
  ];
}

function describe(input: unknown, written: string | undefined): string {
  if (input === undefined) return "nothing";
  if (input === null) return "an empty value";
  if (typeof input === "string") return JSON.stringify(shorten(input));
  if (typeof input === "number") return `the number ${written ?? String(input)}`;
  if (typeof input === "boolean") return `the value ${written ?? String(input)}`;
  if (Array.isArray(input)) return "a list";
  return "a group of fields";
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

function hasKey(data: unknown, path: readonly PathSegment[]): boolean {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object" || !(segment in node)) return false;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return true;
}

const EXAMPLES: Record<string, string> = {
  url: 'url: "https://…" (the article\'s canonical address)',
  versions: "versions: with at least one version below it",
  captured_at: 'captured_at: "2008-03-18T09:05:00Z" (when this version was captured)',
  headline: 'headline: "…" to this version',
  body: "body: | followed by the article text, indented, paragraphs separated by a blank line",
  name: 'name: "…" (the name readers know the source by)',
  homepage: 'homepage: "https://…"',
  language: 'language: "en" (the language the source publishes in)',
  date: 'date: "2024-05-01T12:00:00Z" (when the correction was made)',
  version: "version: 1 (the number of the corrected version)",
  fields: 'fields: ["headline"] (which fields were corrected)',
  reason: 'reason: "…" (why the archive was corrected)',
};

const EXPECTED_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  object: "a group of indented fields",
  array: "a list",
};

function exampleFor(key: string): string {
  return EXAMPLES[key] ?? `${key}: "…"`;
}

/** Field names an object schema accepts at a path (for "did you mean"). */
export function fieldsAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    if (!current) return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
