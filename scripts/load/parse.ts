// Splitting an article file into its YAML frontmatter and its editor's note.
import matter from "gray-matter";
import type { ContentProblem } from "./types.ts";
import { normaliseNewlines } from "./text.ts";
import { parseYaml } from "./yaml.ts";
import type { ParsedYaml } from "./yaml.ts";

export interface ParsedArticleText {
  /** The frontmatter's YAML, when the file has a well-formed frontmatter block. */
  yaml?: ParsedYaml;
  /** The Markdown after the frontmatter, when there is any. */
  note?: string;
  problems: ContentProblem[];
}

const OPENING = /^---[^\S\n]*$/;

/**
 * Reads the frontmatter with gray-matter, parsing its YAML with our own engine.
 * The delimiters are checked first: gray-matter would otherwise pick a parser
 * from text after the opening "---" (its "javascript" engine uses eval), treat
 * a file without a closing "---" as all frontmatter, or accept "----" as closing.
 */
export function parseArticleText(file: string, rawText: string): ParsedArticleText {
  const text = normaliseNewlines(rawText);
  const lines = text.split("\n");
  const problem = (line: number, message: string, fix: string): ParsedArticleText => ({
    problems: [{ file, field: "", line, message, fix }],
  });

  if (!OPENING.test(lines[0] ?? "")) {
    return problem(
      1,
      `expected the file to start with a line "---" opening the frontmatter, found ${JSON.stringify(lines[0] ?? "")}`,
      'start the file with "---", then url:, tracking: and versions:, then another "---"',
    );
  }
  const closingIndex = lines.findIndex((line, index) => index > 0 && line.startsWith("---"));
  if (closingIndex === -1) {
    return problem(
      1,
      'expected a line "---" closing the frontmatter, found none',
      'add a line "---" after the last version (the editor\'s note, if any, goes below it)',
    );
  }
  if (!OPENING.test(lines[closingIndex] ?? "")) {
    return problem(
      closingIndex + 1,
      `expected the frontmatter to end with a line that is exactly "---", found ${JSON.stringify(lines[closingIndex])}`,
      'make this line exactly "---"',
    );
  }

  let yaml: ParsedYaml | undefined;
  const parsed = matter(text, {
    language: "yaml",
    engines: {
      yaml: {
        parse: (frontmatter: string): object => {
          // gray-matter hands over the text right after the opening "---", so
          // the YAML's line 1 is the file's line 1 and no offset is needed.
          yaml = parseYaml(file, frontmatter, 0);
          return {};
        },
      },
    },
  });

  const note = normaliseNote(parsed.content);
  if (!yaml) {
    return {
      ...(note === undefined ? {} : { note }),
      problems: [
        {
          file,
          field: "",
          line: 2,
          message: "expected fields between the two --- lines, found an empty frontmatter",
          fix: "add url:, tracking: and versions: between the --- lines",
        },
      ],
    };
  }
  return { yaml, ...(note === undefined ? {} : { note }), problems: [...yaml.problems] };
}

/**
 * The editor's note as stored: NFC, no leading blank lines, no trailing
 * whitespace (leading spaces are kept: they mean something in Markdown).
 * Undefined when there is no note.
 */
export function normaliseNote(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  const trimmed = normaliseNewlines(note)
    .normalize("NFC")
    .replace(/^(?:[^\S\n]*\n)+/, "")
    .trimEnd();
  return trimmed === "" ? undefined : trimmed;
}
