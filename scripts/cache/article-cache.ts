// The parsed-article cache: reading YAML and validating it is most of the cost of loading a
// large archive, and an article file that has not changed parses to the same article.
//
// Entries are keyed by a hash of the file's path and text and the described sources, in a
// folder named after the code that parses them. Each entry also holds its versions' text
// hashes (hash.ts versionHash), the keys of the diff cache, so a warm build hashes no text.
//
// Beside the packs, an index records each file's size, modification time and inode with the
// hash of the text read at that moment. A file whose stamp has not changed is taken from the
// cache without being read, as git trusts its index. A file modified within two seconds of
// being stamped is not trusted (a coarse file-system clock could hide a second write).
//
// Each entry's head (the article without its paragraphs) is also kept, in article-heads/: an
// incremental build, which lists every article and renders few, reads unchanged articles
// from their heads and an article's text only if something asks for it (articleFromHead).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ArticleParser, DiskStamp } from "../load/index.ts";
import type { Article, Version } from "../load/types.ts";
import { codeHash, hashOf, moduleClosure, rememberVersionHash, versionHash } from "./hash.ts";
import { withoutField } from "./fields.ts";
import type { HeadsSnapshot } from "./heads-snapshot.ts";
import { INDEX_FILE, PackStore } from "./packs.ts";
import type { CacheStats } from "./diff-cache.ts";
import { replaceFile } from "./replace-file.ts";

/** The module whose result is cached; every module it imports is part of the cache's key. */
const PARSER_MODULE = "scripts/load/article.ts";

/**
 * Code besides the parser's own modules that decides what an entry holds: the parsing
 * libraries, and this cache's entry format and version hash.
 */
export const LOADER_CODE = [
  "node_modules/yaml/package.json",
  "node_modules/zod/package.json",
  "node_modules/gray-matter/package.json",
  "scripts/cache/article-cache.ts",
  "scripts/cache/hash.ts",
];

/** The code whose change empties the article cache. */
export async function loaderCodeHash(root: string): Promise<string> {
  return codeHash(root, [...(await moduleClosure(root, PARSER_MODULE)), ...LOADER_CODE]);
}

/** A file's stamp can only be trusted once the file is older than the coarsest clock tick. */
const RACY_MS = 2000;

/** Index entry: [size, mtimeMs, ino, text hash]. */
type Known = [number, number, number, string];

/**
 * An entry as stored. Consecutive versions share most of their paragraphs, so each distinct
 * paragraph is stored once and versions name theirs by position: newsroom-10k's entries take
 * 93.5 MB instead of 252.9 MB, and an article read back shares one string per paragraph
 * between its versions instead of holding a copy per version.
 */
interface Entry {
  article: Omit<Article, "versions"> & { versions: StoredVersion[] };
  /** Every distinct paragraph of the article, in order of first appearance. */
  texts: string[];
  /** versionHash of each version, in order. */
  hashes: string[];
}

type StoredVersion = Omit<Version, "paragraphs"> & { paragraphs: number[] };

function encodeEntry(article: Article): Entry {
  const texts: string[] = [];
  const position = new Map<string, number>();
  const versions = article.versions.map((version) => ({
    ...version,
    paragraphs: version.paragraphs.map((text) => {
      let at = position.get(text);
      if (at === undefined) {
        at = texts.push(text) - 1;
        position.set(text, at);
      }
      return at;
    }),
  }));
  return { article: { ...article, versions }, texts, hashes: article.versions.map(versionHash) };
}

/**
 * What an article is without its paragraphs: everything the pages that list articles show.
 * Kept in a store of its own (a tenth of the size), so an incremental build reads it for the
 * thousands of articles it only lists and the text for the few it renders.
 */
export interface ArticleHead {
  article: Omit<Article, "versions"> & { versions: Omit<Version, "paragraphs">[] };
  /** versionHash of each version, in order. */
  hashes: string[];
}

/** The article's head; its versions' paragraphs are not read (an article read from its head has them behind a getter). */
export function headOf(article: Article): ArticleHead {
  return {
    article: {
      ...article,
      versions: article.versions.map((version) => withoutField(version, "paragraphs")),
    },
    hashes: article.versions.map(versionHash),
  };
}

/**
 * An article from its head (which it takes over: the head's objects become the article's)
 * whose paragraphs are read when first asked for, from `text` (the full entry), for all
 * versions at once. Every version has them as an own enumerable property (a getter), so
 * anything that reads, spreads or posts a version to a worker gets the text, never an article
 * without it.
 *
 * The getter is one function for all versions, each finding its article's text in a WeakMap:
 * a getter made per version (an object literal's `get`) gave every version an object shape
 * of its own, and the 36,000 versions of newsroom-10k took about four times the memory of
 * their fields (docs/performance.md).
 */
function articleFromHead(head: ArticleHead, text: () => Article): Article | undefined {
  const stored = head.article?.versions;
  if (!Array.isArray(stored) || head.hashes?.length !== stored.length) return undefined;
  let full: Article | undefined;
  const source: TextSource = {
    whole: (): Article => {
      full ??= text();
      if (full.versions.length !== stored.length) {
        throw new Error(
          `${head.article.file}: its text was needed, but the file now has ${full.versions.length} ` +
            `versions where the build began with ${stored.length}. Build again.`,
        );
      }
      return full;
    },
  };
  stored.forEach((fields, i) => {
    const version = fields as Version;
    Object.defineProperty(version, "paragraphs", PARAGRAPHS);
    textOf.set(version, { source, index: i });
    rememberVersionHash(version, head.hashes[i]!);
  });
  return head.article as Article;
}

/** Where the versions of one article read from its head find their text. */
interface TextSource {
  whole(): Article;
}

const textOf = new WeakMap<Version, { source: TextSource; index: number }>();

const PARAGRAPHS: PropertyDescriptor = {
  get(this: Version): string[] {
    const at = textOf.get(this)!;
    return at.source.whole().versions[at.index]!.paragraphs;
  },
  enumerable: true,
  configurable: true,
};

/** The article of an entry, or undefined when the entry is damaged. */
function decodeEntry(entry: Entry): Article | undefined {
  const { texts, hashes } = entry;
  const stored = entry.article?.versions;
  if (!Array.isArray(stored) || !Array.isArray(texts) || hashes?.length !== stored.length) {
    return undefined;
  }
  const versions: Version[] = [];
  for (const version of stored) {
    if (!Array.isArray(version.paragraphs)) return undefined;
    const paragraphs = version.paragraphs.map((at) => texts[at]);
    if (paragraphs.some((text) => typeof text !== "string")) return undefined;
    versions.push({ ...version, paragraphs: paragraphs as string[] });
  }
  versions.forEach((version, i) => rememberVersionHash(version, hashes[i]!));
  return { ...entry.article, versions };
}

export interface ArticleCache {
  parse: ArticleParser;
  /** `textLater`: hits whose text was left to be read if asked for (heads). */
  stats: CacheStats & { textLater: number };
  save(): Promise<void>;
}

export interface ArticleCacheOptions {
  /**
   * Unchanged files give articles read from their heads, their paragraphs read only when
   * asked for: for a build that renders few articles and lists them all (incremental).
   */
  heads?: boolean;
  /**
   * The heads as the last build loaded them (heads-snapshot.ts): an unchanged file's article
   * is read from its line there before its pack. Every article the cache trusts is noted in
   * it, for its next lines.
   */
  snapshot?: HeadsSnapshot;
}

export async function openArticleCache(
  root: string,
  cacheDir: string,
  parse: ArticleParser,
  options: ArticleCacheOptions = {},
): Promise<ArticleCache> {
  const code = (await loaderCodeHash(root)).slice(0, 16);
  const folder = path.join(cacheDir, "articles", code);
  const store = await PackStore.open(folder);
  const heads = await PackStore.open(path.join(cacheDir, "article-heads", code));
  const known = readIndex(path.join(folder, INDEX_FILE));
  const seen: Record<string, Known> = {};
  const stats = { hits: 0, misses: 0, textLater: 0 };
  const snapshot = options.snapshot;
  // Every file of an archive is loaded with the same set of sources.
  const sourceLists = new WeakMap<ReadonlySet<string>, string>();
  const sourcesOf = (sources: ReadonlySet<string> | undefined) => {
    if (!sources) return "\u0000";
    let list = sourceLists.get(sources);
    if (list === undefined) sourceLists.set(sources, (list = [...sources].sort().join(",")));
    return list;
  };
  const keyOf = (file: string, textHash: string, sources: ReadonlySet<string> | undefined) =>
    hashOf(file, textHash, sourcesOf(sources));
  /** Trusts the file's stamp from now on, if it is old enough; true if it does. */
  const remember = (file: string, stamp: DiskStamp | undefined, textHash: string): boolean => {
    if (stamp && stamp.mtimeMs + RACY_MS < stamp.takenAt) {
      seen[file] = [stamp.size, stamp.mtimeMs, stamp.ino, textHash];
      return true;
    }
    return false;
  };
  const note = (
    article: Article,
    file: string,
    textHash: string,
    sources: ReadonlySet<string> | undefined,
  ) => snapshot?.noteArticle(article, { file, textHash, sources: sourcesOf(sources) });

  /**
   * The cached article for a key: with heads, read from its head (its text read from the
   * entry, or through `read`, when first asked for); else the whole entry.
   */
  const fromCache = (
    file: string,
    key: string,
    sources: ReadonlySet<string> | undefined,
    read: () => string | undefined,
  ): Article | undefined => {
    if (options.heads) {
      const light = lookUpHead(heads.get(key), () => fullArticle(file, key, sources, read));
      if (light) {
        stats.textLater++;
        return light;
      }
    }
    const entry = lookUp(store.get(key));
    // A cache filled before heads were kept gains them as its articles are read.
    if (entry && options.heads) heads.set(key, JSON.stringify(headOf(entry)));
    return entry;
  };

  const cached: ArticleParser = (file, text, sources, stamp) => {
    const textHash = hashOf(text);
    const found = fromCache(file, keyOf(file, textHash, sources), sources, () => text);
    if (found) {
      stats.hits++;
      if (remember(file, stamp, textHash)) note(found, file, textHash, sources);
      return { article: found, problems: [] };
    }
    stats.misses++;
    const result = parse(file, text, sources);
    // Only clean articles are kept: a file with problems is reported afresh every time.
    if (result.article && result.problems.length === 0) {
      const entry = encodeEntry(result.article);
      const key = keyOf(file, textHash, sources);
      store.set(key, JSON.stringify(entry));
      heads.set(key, JSON.stringify(headOf(result.article)));
      // Returned as it will be read back next time: one string per distinct paragraph, so a
      // first build holds no more than a later one.
      const article = decodeEntry(entry)!;
      if (remember(file, stamp, textHash)) note(article, file, textHash, sources);
      return { ...result, article };
    }
    return result;
  };
  cached.unchanged = (file, stamp, sources, read) => {
    const before = known[file];
    if (
      !before ||
      before[0] !== stamp.size ||
      before[1] !== stamp.mtimeMs ||
      before[2] !== stamp.ino
    ) {
      return undefined;
    }
    const textHash = before[3];
    const line = snapshot?.take(file, textHash, sourcesOf(sources));
    if (line) {
      const text = () => fullArticle(file, keyOf(file, textHash, sources), sources, read);
      let article: Article | undefined;
      try {
        article = articleFromHead(line.head, text);
      } catch {
        // A line of another shape: read the article from its pack.
      }
      if (article) {
        stats.hits++;
        stats.textLater++;
        seen[file] = before;
        snapshot!.readFromLine(article, { file, textHash, sources: sourcesOf(sources) }, line);
        return article;
      }
    }
    const found = fromCache(file, keyOf(file, textHash, sources), sources, read);
    if (!found) return undefined;
    stats.hits++;
    seen[file] = before;
    note(found, file, textHash, sources);
    return found;
  };

  /** The whole article behind a head: its entry, else the file itself (as it was stamped). */
  const fullArticle = (
    file: string,
    key: string,
    sources: ReadonlySet<string> | undefined,
    read: () => string | undefined,
  ): Article => {
    const entry = lookUp(store.peek(key));
    if (entry) return entry;
    const text = read();
    const parsed = text === undefined ? undefined : parse(file, text, sources);
    if (!parsed?.article || parsed.problems.length > 0) {
      throw new Error(
        `${file}: its text was needed, but the article cache no longer has it and the file ` +
          `no longer parses as it did when the build began. Build again.`,
      );
    }
    return parsed.article;
  };

  return {
    stats,
    parse: cached,
    async save() {
      // Packs first: an index naming an entry that is not there is only a miss, but it is cheaper
      // to have both.
      await Promise.all([store.save(true), heads.save(true)]);
      // The build saves once it has loaded the archive; the packs' text is not needed again
      // (an article read from its head reads its own entry again if its text is asked for).
      store.release();
      heads.release();
      await replaceFile(
        path.join(folder, INDEX_FILE),
        JSON.stringify({ format: INDEX_FORMAT, files: seen }),
      );
    },
  };
}

/** The cached article of a stored value, its versions' hashes remembered; a damaged entry is a miss. */
function lookUp(value: string | undefined): Article | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeEntry(JSON.parse(value) as Entry);
  } catch {
    return undefined;
  }
}

/** The article of a stored head (`value`), its text read through `text` when asked for; damaged is a miss. */
function lookUpHead(value: string | undefined, text: () => Article): Article | undefined {
  if (value === undefined) return undefined;
  try {
    return articleFromHead(JSON.parse(value) as ArticleHead, text);
  } catch {
    return undefined;
  }
}

const INDEX_FORMAT = 1;

function readIndex(file: string): Record<string, Known> {
  try {
    const index = JSON.parse(readFileSync(file, "utf8")) as {
      format?: number;
      files?: Record<string, Known>;
    };
    return index.format === INDEX_FORMAT && index.files ? index.files : {};
  } catch {
    // No index (or a damaged one): every file is read and hashed once more.
    return {};
  }
}
