// From validated frontmatter to the archive's types: normalised text, numbered versions.
import type { ArticleFrontmatter, VersionFrontmatter } from "./schema.ts";
import { normaliseLine, normaliseParagraphs } from "./text.ts";
import type { Article, Version } from "./types.ts";

export function toArticle(
  location: { file: string; source: string; slug: string },
  frontmatter: ArticleFrontmatter,
  note: string | undefined,
): Article {
  return {
    source: location.source,
    slug: location.slug,
    file: location.file,
    url: frontmatter.url,
    tracking: frontmatter.tracking,
    ...(note === undefined ? {} : { note }),
    corrections: frontmatter.corrections ?? [],
    versions: frontmatter.versions.map(toVersion),
  };
}

function toVersion(version: VersionFrontmatter, index: number): Version {
  return {
    number: index + 1,
    capturedAt: version.captured_at,
    time: Date.parse(version.captured_at),
    headline: normaliseLine(version.headline),
    ...(version.byline === undefined ? {} : { byline: normaliseLine(version.byline) }),
    ...(version.standfirst === undefined ? {} : { standfirst: normaliseLine(version.standfirst) }),
    ...(version.archive_url === undefined ? {} : { archiveUrl: version.archive_url }),
    paragraphs: normaliseParagraphs(version.body),
  };
}
