// The content schema: the single source of the archive's types.
// Field names are a contract shared with the import format and with scrapers
// (see README "Content format"); add fields freely, never rename these.
import { z } from "zod";

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

export const VersionSchema = z.strictObject({
  captured_at: Timestamp,
  headline: Text,
  byline: Text.optional(),
  standfirst: Text.optional(),
  archive_url: WebUrl.optional(),
  body: Text,
});

/** A visible record of a fix to the archive itself (never silent rewriting). */
/** A version's fields, in the order every writer puts them. */
export const VERSION_FIELDS = [
  "captured_at",
  "headline",
  "byline",
  "standfirst",
  "archive_url",
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

export const ArticleSchema = z.strictObject({
  url: WebUrl,
  tracking: z.enum(["active", "stopped"]).default("active"),
  versions: z.array(VersionSchema).min(1, { message: "expected at least one version" }),
  corrections: z.array(CorrectionSchema).optional(),
});

/** Short language tag such as "en", "ru", "zh-Hans". */
const Language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
  message: 'expected a language tag such as "en" or "zh-Hans"',
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

export const SourceSchema = z.strictObject({
  name: Text,
  homepage: WebUrl,
  language: Language,
  description: Text.optional(),
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

export type ArticleFrontmatter = z.infer<typeof ArticleSchema>;
export type VersionFrontmatter = z.infer<typeof VersionSchema>;
export type CorrectionFrontmatter = z.infer<typeof CorrectionSchema>;
export type SourceDescription = z.infer<typeof SourceSchema>;
