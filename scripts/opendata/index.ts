// Open data: each article's history and an archive-wide index, as JSON (docs/open-data.md).
export * from "./shapes.ts";
export * from "./delta.ts";
