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
    ...(frontmatter.events === undefined || frontmatter.events.length === 0
      ? {}
      : { events: frontmatter.events }),
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
    ...provenance(version),
    // No body (a headlines-only source): no paragraphs.
    paragraphs: version.body === undefined ? [] : normaliseParagraphs(version.body),
  };
}

function provenance(version: VersionFrontmatter): Partial<Version> {
  const out: Partial<Version> = {};
  if (version.fetched_url !== undefined) out.fetchedUrl = version.fetched_url;
  if (version.final_url !== undefined) out.finalUrl = version.final_url;
  if (version.http_status !== undefined) out.httpStatus = version.http_status;
  if (version.fetched_at !== undefined) out.fetchedAt = version.fetched_at;
  if (version.raw_sha256 !== undefined) out.rawSha256 = version.raw_sha256;
  if (version.extractor !== undefined) out.extractor = version.extractor;
  if (version.extractor_version !== undefined) out.extractorVersion = version.extractor_version;
  if (version.extraction_change === true) out.extractionChange = true;
  return out;
}
