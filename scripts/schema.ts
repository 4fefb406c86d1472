// npm run schema: the JSON Schemas of an article's frontmatter and of sources.yaml, made from
// the zod schema (scripts/load/schema.ts, the single source) and kept in schema/ for editors
// and for tools that write content. A test fails when the files are stale.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isMain, parseCommandLine } from "./cli.ts";
import { ArticleSchema, SourcesSchema, WebUrl } from "./load/schema.ts";

const USAGE = `Usage: npm run schema [-- --check]

Writes schema/article.schema.json (an article file's frontmatter) and
schema/sources.schema.json (content/sources.yaml) from the zod schema in
scripts/load/schema.ts. Run it after changing that schema, and commit both.

Editors validate content/sources.yaml with it (.vscode/settings.json, the
YAML extension). The check (npm run check) stays the authority: some rules
cannot be said in JSON Schema (a language tag's canonical form, an address
that parses, time order, one URL per article).

Options:
  --check     write nothing; exit 1 if a file is missing or stale
  -h, --help  show this help`;

/** The files, relative to the project, with what makes each. */
export const SCHEMA_FILES = {
  "schema/article.schema.json": {
    schema: ArticleSchema,
    title: "Diff Archive article frontmatter",
    description:
      "The YAML frontmatter of content/<source>/<slug>.md: every captured version of one article, oldest first. Generated from scripts/load/schema.ts by npm run schema; do not edit.",
  },
  "schema/sources.schema.json": {
    schema: SourcesSchema,
    title: "Diff Archive sources",
    description:
      "content/sources.yaml: each source of the archive under its key (its folder under content/). Generated from scripts/load/schema.ts by npm run schema; do not edit.",
  },
} as const;

/** One JSON Schema (draft 2020-12) as its file's text. */
export function schemaText(file: keyof typeof SCHEMA_FILES): string {
  const { schema, title, description } = SCHEMA_FILES[file];
  const json = z.toJSONSchema(schema, {
    // What a file may hold: a field with a default (tracking) may be left out.
    io: "input",
    override(context) {
      // A refinement says nothing to JSON Schema: say what an address looks like.
      if (context.zodSchema === WebUrl) {
        context.jsonSchema.format = "uri";
        context.jsonSchema.pattern = "^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+";
      }
    },
  });
  const { $schema, ...rest } = json;
  return `${JSON.stringify({ $schema, title, description, ...rest }, null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "npm run schema",
    options: { check: { type: "boolean", default: false } },
    help: USAGE,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const root = path.resolve(import.meta.dirname, "..");
  let stale = 0;
  for (const file of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    const text = schemaText(file);
    const target = path.join(root, file);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === text) continue;
    if (commandLine.values.check) {
      process.stderr.write(`${file} is ${current === undefined ? "missing" : "stale"}.\n`);
      stale++;
    } else {
      await writeFile(target, text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale > 0) {
    process.stderr.write("Run npm run schema and commit the files.\n");
    return 1;
  }
  return 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
