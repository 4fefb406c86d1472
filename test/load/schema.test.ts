// The JSON Schemas in schema/ are made from the zod schema, and must be what it makes now.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { SCHEMA_FILES, schemaText } from "../../scripts/schema.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("schema/*.schema.json are what npm run schema makes from scripts/load/schema.ts", async () => {
  for (const file of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    const stored = await readFile(`${root}${file}`, "utf8").catch(() => "(missing)");
    assert.equal(stored, schemaText(file), `${file} is stale: run npm run schema and commit it`);
  }
});

test("the schemas say what the loader requires: fields, no others, and the names of sources", () => {
  const article = JSON.parse(schemaText("schema/article.schema.json"));
  assert.deepEqual(article.required, ["url", "versions"]);
  assert.equal(article.additionalProperties, false);
  assert.deepEqual(Object.keys(article.properties.versions.items.properties), [
    "captured_at",
    "headline",
    "byline",
    "standfirst",
    "archive_url",
    "fetched_url",
    "final_url",
    "http_status",
    "fetched_at",
    "raw_sha256",
    "extractor",
    "extractor_version",
    "extraction_change",
    "body",
  ]);
  assert.equal(article.properties.url.format, "uri");
  const sources = JSON.parse(schemaText("schema/sources.schema.json"));
  assert.equal(sources.propertyNames.pattern, "^[a-z0-9]+(?:-[a-z0-9]+)*$");
  assert.deepEqual(sources.additionalProperties.required, ["name", "homepage", "language"]);
  const language = new RegExp(sources.additionalProperties.properties.language.pattern);
  for (const tag of ["en", "en-GB", "zh-Hans", "de-DE-u-co-phonebk"]) assert.match(tag, language);
  assert.doesNotMatch("English", language);
});
