// Loading content/: read, validate, normalise; and the canonical writer.
export {
  loadArchive,
  mapLimited,
  parseArticleBytes,
  readArticleFile,
  scanContent,
  sortProblems,
  SOURCES_FILE,
} from "./load.ts";
export type { ContentScan, LoadOptions } from "./load.ts";
export { parseArticleFile, parseArticleFrontmatter } from "./article.ts";
export type { ParsedFrontmatter } from "./article.ts";
export { parseSourcesFile } from "./sources.ts";
export type { ParsedSources } from "./sources.ts";
export { checkArchive } from "./checks.ts";
export { formatProblems, formatProblem } from "./format.ts";
export { normaliseParagraphs, normaliseLine, normaliseNewlines, decodeUtf8 } from "./text.ts";
export { serializeArticle, serializeSources } from "./write.ts";
export { RESERVED_SOURCE_KEYS, RESERVED_SLUGS, nameProblem, suggestName } from "./names.ts";
export type * from "./types.ts";
