// A deterministic generator of news-shaped synthetic archives for benchmarks and tests.
// Shape follows docs/design.md, "Performance targets": 20 sources, 3.6 versions per article on
// average (many with one, a few with 30+), bodies of 400–1,500 words, and each new version
// editing, inserting, deleting or moving a few paragraphs, about one in three with a new
// headline. Same seed and size → byte-identical files.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { serializeArticle, serializeSources } from "../load/write.ts";
import type { ArticleFrontmatter, SourceDescription, VersionFrontmatter } from "../load/schema.ts";
import { deriveSeed, seededRandom, type Random } from "./random.ts";

export type EditKind = "edit" | "insert" | "delete" | "move" | "headline";

export interface GeneratedArticle {
  source: string;
  slug: string;
  frontmatter: ArticleFrontmatter;
  /** What each version after the first did to the one before it (index 0 = version 2). */
  edits: EditKind[][];
}

export interface ArchiveShape {
  articles: number;
  seed: number;
  /** Number of sources (default 20). */
  sources?: number;
}

export const DEFAULT_SEED = 20240501;

/** Named sizes accepted by `npm run bench -- --size`. */
export const SIZES: Record<string, number> = {
  "100": 100,
  "1k": 1_000,
  "10k": 10_000,
  "100k": 100_000,
};

const OUTLETS = [
  "northern-courier",
  "harbour-gazette",
  "capital-ledger",
  "valley-observer",
  "coastal-times",
  "metro-bulletin",
  "river-chronicle",
  "highland-post",
  "evening-star",
  "morning-dispatch",
  "county-echo",
  "prairie-sentinel",
  "island-register",
  "lakeside-tribune",
  "summit-journal",
  "delta-herald",
  "borough-press",
  "frontier-mail",
  "union-reporter",
  "westside-daily",
  "eastern-record",
  "southern-review",
  "city-wire",
  "national-monitor",
];

// A few hundred everyday news words; enough variety that paragraphs rarely repeat.
const NOUNS = `council government minister police report officials residents company market
shares election vote budget plan hospital school court judge jury trial witness statement
spokesperson committee inquiry investigation bridge road rail station airport harbour storm
flood fire crew team season match player coach club stadium museum library university study
researchers scientists data figures survey prices rates inflation bank workers union strike
deal agreement talks summit leaders treaty border troops ceasefire aid agency charity donors
families children patients doctors nurses staff contract tender project funding tax reform
policy bill law parliament senate mayor governor president chancellor director chief board
shareholders profits losses quarter forecast growth economy exports imports energy power grid
water supply drought heat wave wildfire evacuation shelter volunteers rescue damage repairs
insurance claims safety regulator licence permit planning housing rents landlords tenants
developers site village town city region district province state nation capital coast valley`
  .split(/\s+/)
  .filter(Boolean);
const VERBS = `said announced confirmed denied warned urged rejected approved delayed cancelled
launched opened closed reported revealed admitted agreed promised expected planned proposed
criticised welcomed questioned defended blamed praised estimated predicted increased reduced
raised cut extended suspended reviewed ordered completed started halted resumed`
  .split(/\s+/)
  .filter(Boolean);
const ADJECTIVES = `new former local regional national senior junior major minor early late
final initial annual monthly weekly public private independent official unofficial urgent
significant modest sharp steady sudden gradual further additional previous recent current
controversial popular unexpected widespread limited temporary permanent emergency`
  .split(/\s+/)
  .filter(Boolean);
const LINKS =
  `on Tuesday|on Wednesday|late on Monday|earlier this week|after months of talks|despite objections|according to documents seen by reporters|in a statement|at a press conference|following the announcement|amid growing concern|for the first time since records began|by a narrow margin|ahead of the deadline|before the end of the year`.split(
    "|",
  );
const SYLLABLES = "ka lo mi ra ve to san del mar tin ber gol han fri os ul et wen dor lis".split(
  " ",
);

function name(rng: Random): string {
  const part = () => {
    let s = "";
    const n = rng.int(2, 3);
    for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
    return s[0]!.toUpperCase() + s.slice(1);
  };
  return `${part()} ${part()}`;
}

function sentence(rng: Random): string {
  const words: string[] = [];
  const target = rng.int(10, 28);
  let count = 0;
  const add = (phrase: string) => {
    words.push(phrase);
    count += phrase.split(" ").length;
  };
  add(rng.chance(0.3) ? name(rng) : `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
  add(rng.pick(VERBS));
  while (count < target) {
    const roll = rng.next();
    if (roll < 0.15) add(rng.pick(LINKS));
    else if (roll < 0.25) add(`${rng.int(2, 950)} ${rng.pick(NOUNS)}`);
    else if (roll < 0.35) add(`"${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}"`);
    else if (roll < 0.45) add(`that the ${rng.pick(NOUNS)}`);
    else if (roll < 0.55) add(`and ${rng.pick(VERBS)}`);
    else add(`the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
  }
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rng: Random): string {
  const sentences: string[] = [];
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) sentences.push(sentence(rng));
  return sentences.join(" ");
}

function headline(rng: Random): string {
  const h = `${rng.pick(NOUNS)} ${rng.pick(VERBS)} ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(LINKS)}`;
  return h[0]!.toUpperCase() + h.slice(1);
}

const countWords = (paragraphs: string[]): number =>
  paragraphs.reduce((n, p) => n + p.split(" ").length, 0);

/** Replaces, adds or drops a few words inside one paragraph, as a sub-editor would. */
function editParagraph(rng: Random, text: string): string {
  const words = text.split(" ");
  const edits = rng.int(1, 4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(0, words.length - 1);
    const roll = rng.next();
    if (roll < 0.5) words[at] = rng.pick([...NOUNS, ...ADJECTIVES]);
    else if (roll < 0.8) words.splice(at, 0, rng.pick(ADJECTIVES));
    else if (words.length > 4) words.splice(at, 1);
  }
  const edited = words.join(" ");
  return edited === text ? `${text} ${sentence(rng)}` : edited;
}

function nextVersion(
  rng: Random,
  previous: VersionFrontmatter,
  time: number,
): { version: VersionFrontmatter; edits: EditKind[] } {
  const paragraphs = (previous.body ?? "").split("\n\n");
  const edits: EditKind[] = [];
  const operations = rng.int(1, 3);
  for (let i = 0; i < operations; i++) {
    const words = countWords(paragraphs);
    let kind: EditKind;
    const roll = rng.next();
    if (words > 1400 || (words > 550 && paragraphs.length > 3 && roll < 0.15)) kind = "delete";
    else if (words < 450 || roll < 0.35) kind = "insert";
    else if (roll < 0.85 || paragraphs.length < 3) kind = "edit";
    else kind = "move";
    const at = rng.int(0, paragraphs.length - 1);
    if (kind === "edit") paragraphs[at] = editParagraph(rng, paragraphs[at]!);
    else if (kind === "insert") paragraphs.splice(rng.int(0, paragraphs.length), 0, paragraph(rng));
    else if (kind === "delete") paragraphs.splice(at, 1);
    else {
      const [moved] = paragraphs.splice(at, 1);
      let to = rng.int(0, paragraphs.length);
      if (to === at) to = at === 0 ? paragraphs.length : 0;
      paragraphs.splice(to, 0, moved!);
    }
    edits.push(kind);
  }
  let title = previous.headline;
  if (rng.chance(1 / 3)) {
    title = rng.chance(0.5) ? headline(rng) : editParagraph(rng, previous.headline);
    if (title !== previous.headline) edits.push("headline");
  }
  // Edits can cancel out (a paragraph moved and moved back); a capture identical to the one
  // before is noise the loader rejects, so such a version gets one more real edit.
  if (paragraphs.join("\n\n") === previous.body && title === previous.headline) {
    const at = rng.int(0, paragraphs.length - 1);
    paragraphs[at] = editParagraph(rng, paragraphs[at]!);
    edits.push("edit");
  }
  const version: VersionFrontmatter = {
    captured_at: iso(time),
    headline: title,
    ...(previous.byline ? { byline: previous.byline } : {}),
    ...(previous.standfirst ? { standfirst: previous.standfirst } : {}),
    body: paragraphs.join("\n\n"),
  };
  return { version, edits };
}

function iso(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Versions per article: geometric with mean ≈ 3.4 (about 3 in 10 articles have one version),
 * plus a long tail: 1 in 200 articles is a running story with 30–45 versions. Mean ≈ 3.6.
 */
function versionCount(rng: Random): number {
  if (rng.chance(0.005)) return rng.int(30, 45);
  return 1 + Math.floor(-Math.log(1 - rng.next()) * 2.9);
}

export function sourceKeys(count: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(i < OUTLETS.length ? OUTLETS[i]! : `outlet-${i + 1}`);
  }
  return keys;
}

export function generateSources(count: number): Record<string, SourceDescription> {
  const sources: Record<string, SourceDescription> = {};
  for (const key of sourceKeys(count)) {
    const title = key
      .split("-")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(" ");
    sources[key] = {
      name: `The ${title}`,
      homepage: `https://${key}.test/`,
      language: "en",
      description: "Synthetic outlet generated for benchmarks.",
    };
  }
  return sources;
}

const START = Date.UTC(2024, 0, 1);
const YEAR = 365 * 24 * 3600 * 1000;
/**
 * Later than any generated version (the archive spans one year, plus a running story's tail of
 * at most 45 versions two days apart): when a scraper adds a version, it was captured now.
 */
export const AFTER_ARCHIVE = START + 2 * YEAR;

/** Article number `index` of an archive: depends only on the seed and the index. */
export function generateArticle(seed: number, index: number, sourceCount = 20): GeneratedArticle {
  const rng = seededRandom(deriveSeed(seed, index));
  const keys = sourceKeys(sourceCount);
  const source = keys[index % keys.length]!;
  const title = headline(rng);
  const slug = `${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .split("-")
    .filter(Boolean)
    .slice(0, 5)
    .join("-")}-${index.toString(36)}`;
  const paragraphs: string[] = [];
  const targetWords = rng.int(400, 1500);
  let words = 0;
  while (words < targetWords) {
    const p = paragraph(rng);
    paragraphs.push(p);
    words += p.split(" ").length;
  }
  // Whole minutes: real captures are scheduled, and it keeps timestamps short.
  let time = START + Math.floor((rng.next() * YEAR) / 60000) * 60000;
  const first: VersionFrontmatter = {
    captured_at: iso(time),
    headline: title,
    ...(rng.chance(0.7) ? { byline: `By ${name(rng)}` } : {}),
    ...(rng.chance(0.4) ? { standfirst: sentence(rng) } : {}),
    body: paragraphs.join("\n\n"),
  };
  const versions = [first];
  const edits: EditKind[][] = [];
  const count = versionCount(rng);
  for (let i = 1; i < count; i++) {
    time += rng.int(10, 48 * 60) * 60000;
    const next = nextVersion(rng, versions[versions.length - 1]!, time);
    versions.push(next.version);
    edits.push(next.edits);
  }
  return {
    source,
    slug,
    frontmatter: {
      url: `https://${source}.test/news/${slug}`,
      tracking: rng.chance(0.8) ? "stopped" : "active",
      versions,
    },
    edits,
  };
}

/**
 * The version a scraper would capture next for this article: a few edits after the latest,
 * captured some minutes after it, or at `capturedAt` (e.g. AFTER_ARCHIVE: "now").
 * `salt` picks which edits, so repeated benchmark runs add different versions.
 */
export function appendVersion(
  article: GeneratedArticle,
  salt: number,
  capturedAt?: number,
): { article: GeneratedArticle; edits: EditKind[] } {
  const rng = seededRandom(deriveSeed(salt, 0x5eed));
  const versions = article.frontmatter.versions;
  const last = versions[versions.length - 1]!;
  const minutes = rng.int(10, 600) * 60000;
  const time = capturedAt ?? Date.parse(last.captured_at) + minutes;
  const next = nextVersion(rng, last, time);
  return {
    article: {
      ...article,
      frontmatter: { ...article.frontmatter, versions: [...versions, next.version] },
      edits: [...article.edits, next.edits],
    },
    edits: next.edits,
  };
}

export function articleFile(dir: string, article: GeneratedArticle): string {
  return path.join(dir, article.source, `${article.slug}.md`);
}

/**
 * Writes a whole archive into `dir` (emptied first): sources.yaml and one file per article,
 * in the canonical form `serializeArticle` writes.
 */
export async function writeArchive(dir: string, shape: ArchiveShape): Promise<void> {
  const sourceCount = shape.sources ?? 20;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "sources.yaml"), serializeSources(generateSources(sourceCount)));
  for (const key of sourceKeys(sourceCount)) await mkdir(path.join(dir, key), { recursive: true });
  const batch: Promise<void>[] = [];
  for (let i = 0; i < shape.articles; i++) {
    const article = generateArticle(shape.seed, i, sourceCount);
    batch.push(writeFile(articleFile(dir, article), serializeArticle(article.frontmatter)));
    if (batch.length >= 64) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}
