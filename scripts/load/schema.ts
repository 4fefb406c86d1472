// The content schema: the single source of the archive's types.
// Field names are a contract shared with the import format and with scrapers
// (see README "Content format"); add fields freely, never rename these.
import { z } from "zod";
import { languageProblem } from "./language.ts";

/** A web address the archive may link to: only http(s), never javascript:, data: or the like. */
export const WebUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { message: "expected an absolute http:// or https:// address" },
  );

/** ISO 8601 date and time with an explicit offset ("Z" or "+01:00"), e.g. "2008-03-18T09:05:00Z". */
export const Timestamp = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date and time with an offset, such as "2008-03-18T09:05:00Z"',
});

const Text = z.string().trim().min(1, { message: "expected some text, found an empty string" });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, {
  message: "expected a SHA-256 digest: 64 lower-case hexadecimal digits",
});

/**
 * Chain of custody of a version captured by `npm run capture` (all optional:
 * versions imported from elsewhere have none). `fetched_at` is when the page was
 * fetched; `captured_at` is when this version was recorded, which differs only
 * when a kept response was extracted again.
 */
const Provenance = {
  fetched_url: WebUrl.optional(),
  final_url: WebUrl.optional(),
  http_status: z.number().int().min(100).max(599).optional(),
  fetched_at: Timestamp.optional(),
  raw_sha256: Sha256.optional(),
  extractor: Text.optional(),
  extractor_version: Text.optional(),
  /** True when the text changed because the extraction changed, not the publisher's page. */
  extraction_change: z.literal(true).optional(),
};

export const VersionSchema = z.strictObject({
  captured_at: Timestamp,
  headline: Text,
  byline: Text.optional(),
  standfirst: Text.optional(),
  archive_url: WebUrl.optional(),
  ...Provenance,
  body: Text,
});

/** A version of an article of a headlines-only source: the body is optional. */
export const HeadlineVersionSchema = VersionSchema.extend({ body: Text.optional() });

/** A capture's chain of custody: optional fields of a version, stored as the capture sent them. */
export const PROVENANCE_FIELDS = [
  "fetched_url",
  "final_url",
  "http_status",
  "fetched_at",
  "raw_sha256",
  "extractor",
  "extractor_version",
  "extraction_change",
] as const;

/** A version's fields, in the order every writer puts them. */
export const VERSION_FIELDS = [
  "captured_at",
  "headline",
  "byline",
  "standfirst",
  "archive_url",
  ...PROVENANCE_FIELDS,
  "body",
] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];

export const CorrectionSchema = z.strictObject({
  date: Timestamp,
  /** 1-based number of the version that was corrected. */
  version: z.number().int().min(1),
  fields: z.array(z.enum(VERSION_FIELDS)).min(1),
  reason: Text,
});

/** Something seen when checking an article that is not a version: it went, moved, came back. */
export const EventSchema = z.strictObject({
  at: Timestamp,
  kind: z.enum(["gone", "redirected", "back"]),
  status: z.number().int().min(100).max(599),
  /** Where it was redirected to (for "redirected"). */
  url: WebUrl.optional(),
});

export const EVENT_FIELDS = ["at", "kind", "status", "url"] as const;

export const ArticleSchema = z.strictObject({
  url: WebUrl,
  tracking: z.enum(["active", "stopped"]).default("active"),
  versions: z.array(VersionSchema).min(1, { message: "expected at least one version" }),
  corrections: z.array(CorrectionSchema).optional(),
  events: z.array(EventSchema).optional(),
});

/** An article of a source with `capture.headlines_only: true`: versions need no body. */
export const HeadlineArticleSchema = ArticleSchema.extend({
  versions: z.array(HeadlineVersionSchema).min(1, { message: "expected at least one version" }),
});

/** A BCP 47 language tag in its canonical form, such as "en", "pt-BR", "zh-Hans" (language.ts). */
const Language = z
  .string()
  .refine((tag) => languageProblem(tag) === undefined, {
    message: 'expected a language tag such as "en" or "zh-Hans"',
  })
  .meta({
    description:
      "BCP 47 language tag in its canonical form (pages declare it, search indexes by it)",
    examples: ["en", "pt-BR", "zh-Hans"],
    // For editors; the loader checks the tag itself with Intl.getCanonicalLocales.
    pattern: "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
  });

/** A regular expression written as text (compiled with the "iu" flags), refused unless it compiles. */
const Pattern = z.string().superRefine((value, context) => {
  try {
    new RegExp(value, "iu");
  } catch (error) {
    context.addIssue({
      code: "custom",
      message: `expected a regular expression that compiles (${(error as Error).message.replace(/^Invalid regular expression: /, "")})`,
    });
  }
});

const Selector = Text;

/** Extraction rules as data: CSS selectors, and patterns of text to drop. */
export const ExtractSchema = z.strictObject({
  headline: Selector.optional(),
  byline: Selector.optional(),
  standfirst: Selector.optional(),
  /** Matches each paragraph of the body (e.g. "article .story p"); without it Readability finds the body. */
  body: Selector.optional(),
  /** Elements removed before anything is read (e.g. ".related, .ad"). */
  remove: z.array(Selector).optional(),
  /** Text matching these (case-insensitive) is cut out of every field; a paragraph left empty is dropped. */
  remove_patterns: z.array(Pattern).optional(),
});

const Minutes = z.number().positive();

/**
 * How an archive captures a source itself (`npm run capture`; docs/capture.md).
 * Fields left out take the defaults of CAPTURE_DEFAULTS (applied by the capture,
 * not here, so that rewriting sources.yaml never spells the defaults out).
 */
export const CaptureSchema = z.strictObject({
  feeds: z.array(WebUrl).optional(),
  sitemaps: z.array(WebUrl).optional(),
  extract: ExtractSchema.optional(),
  /** Track from the feeds alone: headline and summary, never the article page. */
  headlines_only: z.boolean().optional(),
  /** First interval between checks of an article, after it is found or changes. */
  interval_minutes: Minutes.optional(),
  /** Each unchanged check multiplies the interval by this, up to max_interval_minutes. */
  backoff: z.number().min(1).optional(),
  max_interval_minutes: Minutes.optional(),
  /** An article unchanged this long is no longer checked (tracking: "stopped"). */
  stop_after_days: z.number().positive().optional(),
  /** Sent with every request: name the archive and give a contact address. */
  user_agent: Text.optional(),
  /** Pause between two requests to the same host. */
  delay_seconds: z.number().min(0).optional(),
  /** Pages matching these (in the title or the extracted text) are block pages, besides the built-in ones. */
  block_patterns: z.array(Pattern).optional(),
});

export const CAPTURE_DEFAULTS = {
  feeds: [] as string[],
  sitemaps: [] as string[],
  headlines_only: false,
  interval_minutes: 30,
  backoff: 2,
  max_interval_minutes: 24 * 60,
  stop_after_days: 30,
  user_agent:
    "diff-archive/0.1 (an archive of article versions; set capture.user_agent with a contact address)",
  delay_seconds: 2,
  block_patterns: [] as string[],
};

export type ResolvedCapture = typeof CAPTURE_DEFAULTS & { extract?: ExtractRules };

/** A source's capture settings with every default filled in. */
export function resolveCapture(capture: CaptureSettings | undefined): ResolvedCapture {
  const out: Record<string, unknown> = { ...CAPTURE_DEFAULTS };
  for (const [key, value] of Object.entries(capture ?? {}))
    if (value !== undefined) out[key] = value;
  return out as ResolvedCapture;
}

export const SourceSchema = z.strictObject({
  name: Text,
  homepage: WebUrl,
  language: Language,
  description: Text.optional(),
  capture: CaptureSchema.optional(),
  /** Patterns for the source's own correction and update notices (see docs/accountability.md). */
  notices: z.array(Pattern).optional(),
});

/** Source and slug names become folders and URLs: lower-case letters, digits and single hyphens. */
export const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SourcesSchema = z.record(
  z
    .string()
    .regex(NAME_PATTERN, { message: "expected a lower-case name of letters, digits and hyphens" }),
  SourceSchema,
);

/** Body optional: only headlines-only sources may leave it out (the schema used decides). */
export type ArticleFrontmatter = z.infer<typeof HeadlineArticleSchema>;
export type VersionFrontmatter = z.infer<typeof HeadlineVersionSchema>;
export type EventFrontmatter = z.infer<typeof EventSchema>;
export type CaptureSettings = z.infer<typeof CaptureSchema>;
export type ExtractRules = z.infer<typeof ExtractSchema>;
export type CorrectionFrontmatter = z.infer<typeof CorrectionSchema>;
export type SourceDescription = z.infer<typeof SourceSchema>;

/** Whether a source's articles may have versions without a body. */
export function isHeadlinesOnly(source: Pick<SourceDescription, "capture"> | undefined): boolean {
  return source?.capture?.headlines_only === true;
}
