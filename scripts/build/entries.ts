// What the store keeps, kind by kind, and the schema each is checked against when read.
import { z } from "zod";
import type { LinkReference } from "../check-site/links.ts";
import type { ChangeStats, FieldChange, Segment } from "../diff/types.ts";
import type { AtomEntry } from "../feeds/atom.ts";
import type { SearchRecord } from "../search/records.ts";
import type { ArticleSummary, ChangeSummary } from "../site/summary.ts";
import type { StoreKind } from "./store.ts";

const SegmentSchema = z.strictObject({
  op: z.enum(["equal", "insert", "delete"]),
  text: z.string(),
}) satisfies z.ZodType<Segment>;

const FieldChangeSchema = z.strictObject({
  field: z.enum(["headline", "byline", "standfirst"]),
  before: z.string().optional(),
  after: z.string().optional(),
  segments: z.array(SegmentSchema),
  minor: z.boolean(),
}) satisfies z.ZodType<FieldChange>;

const count = z.number().int().min(0);

const StatsSchema = z.strictObject({
  wordsAdded: count,
  wordsRemoved: count,
  paragraphsAdded: count,
  paragraphsRemoved: count,
  paragraphsEdited: count,
  paragraphsMoved: count,
  paragraphsSplit: count,
  paragraphsMerged: count,
  minorOnly: z.boolean(),
}) satisfies z.ZodType<ChangeStats>;

const ChangeSummarySchema = z.strictObject({
  fields: z.array(FieldChangeSchema),
  stats: StatsSchema,
  fallback: z.boolean(),
  significance: z.strictObject({
    score: z.number().min(0).max(1),
    label: z.enum(["minor", "small", "substantive", "major"]),
    reasons: z.array(z.string()),
  }),
  notices: z.array(
    z.strictObject({
      kind: z.enum(["correction", "update", "clarification", "editors-note"]),
      text: z.string(),
      paragraph: z.number().int().min(-1),
    }),
  ),
  withoutNotice: z.boolean(),
}) satisfies z.ZodType<ChangeSummary>;

export const ArticleSummarySchema = z.strictObject({
  bytes: z.number().int().min(0),
  source: z.string(),
  slug: z.string(),
  file: z.string(),
  url: z.string(),
  tracking: z.enum(["active", "stopped"]),
  versions: z.array(
    z.strictObject({
      number: z.number().int().min(1),
      capturedAt: z.string(),
      time: z.number(),
      headline: z.string(),
    }),
  ),
  changes: z.array(ChangeSummarySchema),
}) satisfies z.ZodType<ArticleSummary>;

const AtomEntrySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  updated: z.number(),
  lang: z.string().optional(),
  contentHtml: z.string(),
}) satisfies z.ZodType<AtomEntry>;

const SearchRecordSchema = z.strictObject({
  url: z.string(),
  lang: z.string(),
  html: z.string(),
}) satisfies z.ZodType<SearchRecord>;

export const LinkReferenceSchema = z.strictObject({
  from: z.string(),
  line: z.number(),
  via: z.string(),
  value: z.string(),
  sitePath: z.string(),
  fragment: z.string(),
}) satisfies z.ZodType<LinkReference>;

/** One article, as later builds need it without reading its file again. */
export interface ArticleData {
  summary: ArticleSummary;
  /** The article's own files, site-relative, in the order of the entry's blobs. */
  files: string[];
  /** Feed entries of its changes between neighbours, oldest first. */
  feed: AtomEntry[];
  /** What search indexes of it. */
  records: SearchRecord[];
  /** Links from its files to files that are not its own, settled against the whole site. */
  references: LinkReference[];
}

export const ARTICLE: StoreKind<ArticleData> = {
  name: "article",
  schema: z.strictObject({
    summary: ArticleSummarySchema,
    files: z.array(z.string()),
    feed: z.array(AtomEntrySchema),
    records: z.array(SearchRecordSchema),
    references: z.array(LinkReferenceSchema),
  }) satisfies z.ZodType<ArticleData>,
};

/** One search bundle: Pagefind's files for one shard, made from its articles' records. */
export interface BundleData {
  /** Files of the bundle folder, relative to it, in the order of the entry's blobs. */
  files: string[];
  records: number;
}

export const BUNDLE: StoreKind<BundleData> = {
  name: "bundle",
  schema: z.strictObject({ files: z.array(z.string()), records: count }),
};
