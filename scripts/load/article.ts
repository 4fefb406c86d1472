// One article file: from text to a validated, normalised Article (or problems).
import { checkHistory } from "./checks.ts";
import { nameProblem } from "./names.ts";
import { toArticle } from "./normalise.ts";
import { parseArticleText } from "./parse.ts";
import { ArticleSchema, HeadlineArticleSchema } from "./schema.ts";
import { allowsNoBody } from "./sources.ts";
import type { ArticleFrontmatter } from "./schema.ts";
import type { Article, ContentProblem } from "./types.ts";
import { validate } from "./validate.ts";
import { formatPath, lineOfPath } from "./yaml.ts";
import type { YamlSource } from "./yaml.ts";

export interface ParsedFrontmatter {
  /** Present only when the file has no problems at all. */
  frontmatter?: ArticleFrontmatter;
  note?: string;
  problems: ContentProblem[];
}

/**
 * Reads an article file's frontmatter and note, validating the schema and the
 * version history. The tool for writers (import, add-version) that need the
 * file's data as written rather than the normalised Article. Versions may
 * leave out the body only when `headlinesOnly` (the file's source has
 * `capture.headlines_only: true`).
 */
export function parseArticleFrontmatter(
  file: string,
  text: string,
  options: { headlinesOnly?: boolean } = {},
): ParsedFrontmatter {
  const { yaml, note, problems } = parseArticleText(file, text);
  const withNote = note === undefined ? {} : { note };
  if (!yaml || yaml.data === undefined) return { ...withNote, problems };

  if (yaml.data === null || typeof yaml.data !== "object" || Array.isArray(yaml.data)) {
    return { ...withNote, problems: [...problems, notAMapping(yaml.source, yaml.data)] };
  }
  const schema = options.headlinesOnly ? HeadlineArticleSchema : ArticleSchema;
  const validated = validate(schema, yaml.source, yaml.data);
  const history = checkHistory(yaml.data).map((finding) => {
    const line = lineOfPath(yaml.source, finding.path);
    return {
      file,
      field: formatPath(finding.path),
      message: finding.message,
      fix: finding.fix,
      ...(line === undefined ? {} : { line }),
    };
  });
  const all = [...problems, ...validated.problems, ...history];
  if (all.length > 0 || validated.value === undefined) return { ...withNote, problems: all };
  return { frontmatter: validated.value, ...withNote, problems: [] };
}

function notAMapping(source: YamlSource, data: unknown): ContentProblem {
  return {
    file: source.file,
    field: "",
    line: lineOfPath(source, []) ?? 1,
    message: `expected the frontmatter to be fields such as url:, tracking: and versions:, found ${Array.isArray(data) ? "a list" : "a single value"}`,
    fix: 'write one "field: value" per line between the --- lines',
  };
}

/**
 * Parses and checks one article file. `file` is its path as shown to people,
 * ending in "<source>/<slug>.md"; `sources` holds the keys described in
 * sources.yaml, or is undefined when sources.yaml could not be read (then the
 * folder is not checked against it, to avoid one error per file). When it is
 * a SourceKeys, its headlines-only sources' articles may have versions without
 * a body.
 */
export function parseArticleFile(
  file: string,
  text: string,
  sources: ReadonlySet<string> | undefined,
): { article?: Article; problems: ContentProblem[] } {
  const segments = file.split("/");
  const slug = (segments[segments.length - 1] ?? "").replace(/\.md$/, "");
  const source = segments[segments.length - 2] ?? "";
  const problems: ContentProblem[] = [];

  const folderProblem = nameProblem(source, "source");
  if (folderProblem) {
    problems.push({ file, field: "", ...folderProblem });
  } else if (sources && !sources.has(source)) {
    problems.push({
      file,
      field: "",
      message: `expected the source folder ${JSON.stringify(source)} to be described in sources.yaml, found no entry for it`,
      fix: `add an entry "${source}:" with name, homepage and language to sources.yaml, or move the file into an existing source folder`,
    });
  }
  const slugProblem = nameProblem(slug, "slug");
  if (slugProblem) problems.push({ file, field: "", ...slugProblem });

  const parsed = parseArticleFrontmatter(file, text, {
    headlinesOnly: allowsNoBody(sources, source),
  });
  problems.push(...parsed.problems);
  if (problems.length > 0 || !parsed.frontmatter) return { problems };
  return {
    article: toArticle({ file, source, slug }, parsed.frontmatter, parsed.note),
    problems: [],
  };
}
