// One capture run: find new articles in each source's feeds and sitemaps,
// check the tracked articles that are due, and append what changed through
// the same writer as `npm run import`. One failing article or source never
// stops the others; every failure is one line naming the URL.
import { readFile, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parseArticleFrontmatter } from "../load/article.ts";
import { SOURCES_FILE } from "../load/load.ts";
import { resolveCapture } from "../load/schema.ts";
import type {
  ArticleFrontmatter,
  EventFrontmatter,
  ResolvedCapture,
  VersionFrontmatter,
} from "../load/schema.ts";
import { parseSourcesFile } from "../load/sources.ts";
import { decodeUtf8 } from "../load/text.ts";
import type { Source } from "../load/types.ts";
import { urlKey } from "../contribute/files.ts";
import { importLines } from "../contribute/importer.ts";
import { contentKey } from "../contribute/merge.ts";
import { updateArticle } from "../contribute/update.ts";
import { blockedBy, extract, extractorOf, type Extracted } from "./extract.ts";
import { readFeed, type FeedEntry } from "./feeds.ts";
import {
  decodeBody,
  DEFAULT_LIMITS,
  fetchUrl,
  HostQueue,
  type Fetched,
  type FetchSettings,
  type Limits,
} from "./fetch.ts";
import { Robots } from "./robots.ts";
import { afterCheck, deriveState, isDue, settled, type ArticleState } from "./schedule.ts";
import { keepRaw, readRaw, readState, sha256, writeState } from "./state.ts";

export interface CaptureOptions {
  contentDir: string;
  /** Where state and raw responses are kept (default .cache/capture). */
  cacheDir: string;
  /** Paths in messages are relative to this folder (default: the working directory). */
  root?: string;
  source?: string;
  url?: string;
  dryRun?: boolean;
  force?: boolean;
  allowPrivate?: boolean;
  reextract?: boolean;
  limits?: Partial<Limits>;
  /** Overrides every source's delay_seconds (tests). */
  delayMs?: number;
  maxEntries?: number;
  /** The clock (tests run several "hours" in a second). */
  now?: () => number;
  /** Progress: called before each request with what is being done. */
  onProgress?: (text: string) => void;
}

export interface CaptureSummary {
  /** Sources with capture settings that this run looked at. */
  sources: number;
  /** Feed and sitemap entries not yet in the archive. */
  found: number;
  created: number;
  appended: number;
  unchanged: number;
  events: number;
  /** Articles whose tracking was stopped because they settled. */
  stopped: number;
  /** Tracked articles not due yet. */
  notDue: number;
  failures: string[];
  /** One line per change, for people (and the pull request's description). */
  changes: string[];
  dryRun: boolean;
}

interface Tracked {
  source: Source;
  capture: ResolvedCapture;
  path: string;
  file: string;
  frontmatter: ArticleFrontmatter;
}

type Checked =
  | { kind: "version"; version: VersionFrontmatter; fetched: Fetched }
  | { kind: "gone"; fetched: Fetched }
  | { kind: "failed"; reason: string };

const now = (): string => new Date().toISOString();
void now;

export async function capture(options: CaptureOptions): Promise<CaptureSummary> {
  const root = options.root ?? process.cwd();
  const show = (path: string): string => relative(root, path).split(sep).join("/");
  const clock = options.now ?? Date.now;
  const summary: CaptureSummary = {
    sources: 0,
    found: 0,
    created: 0,
    appended: 0,
    unchanged: 0,
    events: 0,
    stopped: 0,
    notDue: 0,
    failures: [],
    changes: [],
    dryRun: options.dryRun ?? false,
  };
  const fail = (line: string): void => {
    summary.failures.push(line);
  };
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };

  const sourcesPath = join(options.contentDir, SOURCES_FILE);
  const sourcesText = await readFile(sourcesPath)
    .then((bytes) => decodeUtf8(bytes))
    .catch(() => undefined);
  if (sourcesText === undefined) {
    fail(`${show(sourcesPath)}: cannot be read as UTF-8 text`);
    return summary;
  }
  const parsedSources = parseSourcesFile(show(sourcesPath), sourcesText);
  if (parsedSources.problems.length > 0) {
    for (const problem of parsedSources.problems) {
      fail(
        `${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.field ? `${problem.field}: ` : ""}${problem.message}`,
      );
    }
    return summary;
  }
  let sources = parsedSources.sources.filter((source) => source.capture !== undefined);
  if (options.source !== undefined) {
    sources = sources.filter((source) => source.key === options.source);
    if (sources.length === 0) {
      fail(
        `--source ${options.source}: no source with that key has capture settings in ${show(sourcesPath)}`,
      );
      return summary;
    }
  }

  summary.sources = sources.length;
  const state = await readState(options.cacheDir);
  const queue = new HostQueue();
  const tracked = new Map<string, Tracked>();
  for (const source of sources) {
    for (const article of await readArticles(options.contentDir, source, show, fail)) {
      tracked.set(urlKey(article.frontmatter.url), article);
    }
  }
  // Every URL of the archive, whichever source: a feed entry already archived is not new.
  const known = new Set(tracked.keys());
  for (const source of parsedSources.sources) {
    if (sources.includes(source)) continue;
    for (const article of await readArticles(options.contentDir, source, show, () => undefined)) {
      known.add(urlKey(article.frontmatter.url));
    }
  }

  if (options.url !== undefined && !tracked.has(urlKey(options.url))) {
    fail(
      `--url ${options.url}: not an article of ${options.source === undefined ? "a source with capture settings" : `the source ${options.source}`}; new articles are found through the feeds`,
    );
    return summary;
  }

  const importLinesOut: string[] = [];
  const pendingEvents = new Map<
    string,
    { tracked: Tracked; events: EventFrontmatter[]; stop: boolean }
  >();
  const addEvent = (article: Tracked, event: EventFrontmatter | undefined, stop = false): void => {
    const key = article.path;
    const entry = pendingEvents.get(key) ?? { tracked: article, events: [], stop: false };
    if (event) entry.events.push(event);
    entry.stop ||= stop;
    pendingEvents.set(key, entry);
  };

  for (const source of sources) {
    const settings = resolveCapture(source.capture);
    const fetchSettings: FetchSettings = {
      userAgent: settings.user_agent,
      allowPrivate: options.allowPrivate ?? false,
      limits,
    };
    const delayMs = options.delayMs ?? settings.delay_seconds * 1000;
    const robots = new Robots(fetchSettings, queue, delayMs);
    // A redirect to another site is followed only where that site's robots.txt allows it.
    fetchSettings.beforeRedirect = async (next) => {
      if (!(await robots.check(next)).allowed)
        throw new Error("robots.txt disallows for this user agent");
    };
    const get = async (url: string, purpose: "page" | "feed"): Promise<Fetched> => {
      const allowed = await robots.check(url);
      if (!allowed.allowed)
        throw new Error(`${url}: not fetched: robots.txt disallows it for this user agent`);
      return queue.run(url, Math.max(delayMs, allowed.crawlDelayMs ?? 0), () =>
        fetchUrl(url, purpose, fetchSettings),
      );
    };
    const extractor = extractorOf(settings.extract);
    const checkPage = async (url: string): Promise<Checked> => {
      options.onProgress?.(url);
      let fetched: Fetched;
      try {
        fetched = await get(url, "page");
      } catch (error) {
        return { kind: "failed", reason: (error as Error).message };
      }
      if (fetched.status === 404 || fetched.status === 410) return { kind: "gone", fetched };
      if (fetched.status < 200 || fetched.status > 299) {
        return { kind: "failed", reason: `${url}: HTTP status ${fetched.status}` };
      }
      const digest = sha256(fetched.body);
      const made = versionFrom(
        decodeBody(fetched.body, fetched.charset),
        url,
        settings,
        extractor,
        {
          fetched_url: fetched.requestedUrl,
          final_url: fetched.finalUrl,
          http_status: fetched.status,
          fetched_at: stamp(clock()),
          raw_sha256: digest,
        },
      );
      if ("reason" in made) return { kind: "failed", reason: made.reason };
      if (!options.dryRun) {
        await keepRaw(options.cacheDir, digest, fetched.body, {
          contentType: fetched.contentType,
          ...(fetched.charset ? { charset: fetched.charset } : {}),
          finalUrl: fetched.finalUrl,
        });
      }
      return { kind: "version", version: made.version, fetched };
    };

    // 1. New articles, from the feeds and sitemaps.
    const entries: FeedEntry[] = [];
    if (!options.reextract && options.url === undefined) {
      for (const feedUrl of [...settings.feeds, ...settings.sitemaps]) {
        options.onProgress?.(feedUrl);
        try {
          const fetched = await get(feedUrl, "feed");
          if (fetched.status < 200 || fetched.status > 299) {
            throw new Error(`${feedUrl}: HTTP status ${fetched.status}`);
          }
          const found = readFeedOrThrow(
            decodeBody(fetched.body, fetched.charset),
            feedUrl,
            options.maxEntries,
          );
          entries.push(...found.entries);
          if (found.leftOut > 0) {
            fail(
              `${feedUrl}: ${found.leftOut} entries left out (only the first ${found.entries.length} of a feed are read)`,
            );
          }
        } catch (error) {
          fail((error as Error).message);
        }
      }
    }
    const seenInFeeds = new Set<string>();
    for (const entry of entries) {
      const key = urlKey(entry.url);
      if (seenInFeeds.has(key)) continue;
      seenInFeeds.add(key);
      const existing = tracked.get(key);
      if (settings.headlines_only) {
        if (!entry.title) {
          fail(`${entry.url}: the feed entry has no title, so there is nothing to track`);
          continue;
        }
        const version: VersionFrontmatter = {
          captured_at: stamp(clock()),
          headline: entry.title,
          ...(entry.summary ? { standfirst: entry.summary } : {}),
          extractor: "feed",
          extractor_version: "1",
        };
        if (existing) {
          if (existing.frontmatter.tracking !== "active" && !options.force) continue;
          const latest = existing.frontmatter.versions.at(-1)!;
          if (sameText(latest, version)) {
            summary.unchanged++;
            const lastChange = Date.parse(latest.captured_at);
            if (clock() - lastChange >= settings.stop_after_days * 86_400_000) {
              addEvent(existing, undefined, true);
            }
          } else {
            importLinesOut.push(line(existing.frontmatter.url, source.key, version));
            summary.changes.push(`${existing.file}: new headline or summary`);
          }
        } else if (!known.has(key)) {
          summary.found++;
          known.add(key);
          importLinesOut.push(line(entry.url, source.key, version));
          summary.changes.push(`new article ${entry.url} (${source.key})`);
        }
        continue;
      }
      if (existing || known.has(key)) continue;
      summary.found++;
      known.add(key);
      const checked = await checkPage(entry.url);
      if (checked.kind === "failed") fail(checked.reason);
      else if (checked.kind === "gone")
        fail(
          `${entry.url}: HTTP status ${checked.fetched.status} (a new feed entry that is not there)`,
        );
      else {
        importLinesOut.push(line(entry.url, source.key, checked.version));
        summary.changes.push(`new article ${entry.url} (${source.key})`);
        if (!options.dryRun) {
          state.articles.set(
            key,
            afterCheck(deriveState(clock(), clock(), settings), true, clock(), settings),
          );
        }
      }
    }

    // 2. The tracked articles that are due. A headlines-only source's articles are
    // checked only through its feeds: one that has left them settles like any other.
    if (settings.headlines_only) {
      if (options.reextract || options.url !== undefined) continue;
      for (const [key, article] of tracked) {
        if (article.source.key !== source.key || seenInFeeds.has(key)) continue;
        if (article.frontmatter.tracking !== "active") continue;
        const lastChange = Date.parse(article.frontmatter.versions.at(-1)!.captured_at);
        if (clock() - lastChange >= settings.stop_after_days * 86_400_000)
          addEvent(article, undefined, true);
      }
      continue;
    }
    for (const [key, article] of tracked) {
      if (article.source.key !== source.key) continue;
      if (options.url !== undefined && urlKey(options.url) !== key) continue;
      const { frontmatter } = article;
      const latest = frontmatter.versions.at(-1)!;

      if (options.reextract) {
        const redone = await reextract(latest, settings, extractor, options.cacheDir, clock());
        if (redone === undefined) continue;
        if ("reason" in redone) {
          fail(`${frontmatter.url}: ${redone.reason}`);
          continue;
        }
        if (sameText(latest, redone.version)) {
          summary.unchanged++;
          continue;
        }
        importLinesOut.push(line(frontmatter.url, source.key, redone.version));
        summary.changes.push(
          `${article.file}: extraction changed (re-extracted from the kept response)`,
        );
        continue;
      }

      if (frontmatter.tracking !== "active" && options.url === undefined) continue;
      const lastChange = Math.max(
        Date.parse(latest.captured_at),
        ...(frontmatter.events ?? []).map((event) => Date.parse(event.at)),
      );
      const before = state.articles.get(key) ?? deriveState(lastChange, clock(), settings);
      if (!options.force && options.url === undefined && !isDue(before, clock())) {
        summary.notDue++;
        continue;
      }
      const checked = await checkPage(frontmatter.url);
      const lastEvent = frontmatter.events?.at(-1);
      let changed = false;
      if (checked.kind === "failed") {
        fail(checked.reason);
        // A failure is not a check: the schedule stays as it was, so it is tried again next run.
        continue;
      }
      const at = stamp(clock());
      if (checked.kind === "gone") {
        if (lastEvent?.kind !== "gone") {
          addEvent(article, { at, kind: "gone", status: checked.fetched.status });
          summary.events++;
          summary.changes.push(`${article.file}: gone (HTTP ${checked.fetched.status})`);
          changed = true;
        } else summary.unchanged++;
      } else {
        const { fetched, version } = checked;
        if (lastEvent?.kind === "gone") {
          addEvent(article, { at, kind: "back", status: fetched.status });
          summary.events++;
          summary.changes.push(`${article.file}: back (HTTP ${fetched.status})`);
          changed = true;
        }
        const redirect = fetched.redirects[0];
        const lastRedirect = [...(frontmatter.events ?? [])]
          .reverse()
          .find((e) => e.kind === "redirected");
        if (
          redirect &&
          urlKey(fetched.finalUrl) !== key &&
          lastRedirect?.url !== fetched.finalUrl
        ) {
          addEvent(article, {
            at,
            kind: "redirected",
            status: redirect.status,
            url: fetched.finalUrl,
          });
          summary.events++;
          summary.changes.push(`${article.file}: redirected to ${fetched.finalUrl}`);
          changed = true;
        }
        if (sameText(latest, version)) {
          summary.unchanged++;
        } else {
          // Text that differs only because extraction changed is not the publisher's edit:
          // extract the response of the latest version again, and record that first.
          let previous = latest;
          if (latest.extractor_version !== extractor.version && latest.raw_sha256) {
            const redone = await reextract(
              latest,
              settings,
              extractor,
              options.cacheDir,
              clock() - 1000,
            );
            if (redone && !("reason" in redone) && !sameText(latest, redone.version)) {
              importLinesOut.push(line(frontmatter.url, source.key, redone.version));
              summary.changes.push(`${article.file}: extraction changed`);
              previous = redone.version;
            }
          }
          if (!sameText(previous, version)) {
            importLinesOut.push(line(frontmatter.url, source.key, version));
            summary.changes.push(`${article.file}: changed`);
          }
          changed = true;
        }
      }
      const after = afterCheck(before, changed, clock(), settings);
      if (!options.dryRun) state.articles.set(key, after);
      if (!changed && settled(after, clock(), settings)) addEvent(article, undefined, true);
    }
  }

  // 3. Writes: events and tracking first, then versions through the importer.
  for (const { tracked: article, events, stop } of pendingEvents.values()) {
    if (stop) {
      summary.stopped++;
      summary.changes.push(
        `${article.file}: unchanged for ${article.capture.stop_after_days} days; tracking stopped`,
      );
    }
    if (options.dryRun) continue;
    try {
      await updateArticle(
        article.path,
        { events, ...(stop ? { tracking: "stopped" as const } : {}) },
        { headlinesOnly: article.capture.headlines_only, file: article.file },
      );
    } catch (error) {
      fail((error as Error).message);
    }
  }
  if (importLinesOut.length > 0) {
    if (options.dryRun) {
      // Nothing is written: count what the importer would do from what was seen.
      for (const text of importLinesOut) {
        const { url } = JSON.parse(text) as { url: string };
        if (tracked.has(urlKey(url))) summary.appended++;
        else summary.created++;
      }
    } else {
      const report = await importLines(lines(importLinesOut), {
        contentDir: options.contentDir,
        root,
      });
      summary.created += report.created;
      summary.appended += report.appended;
      for (const note of [...report.refused, ...report.skipped]) {
        const { url } = JSON.parse(importLinesOut[note.line - 1] ?? "{}") as { url?: string };
        fail(`${url ?? `line ${note.line}`}: not stored: ${note.reason}`);
      }
      for (const warning of report.warnings) fail(warning);
    }
  }
  if (!options.dryRun) await writeState(options.cacheDir, state);
  return summary;
}

async function* lines(items: readonly string[]): AsyncGenerator<string> {
  yield* items;
}

function line(url: string, source: string, version: VersionFrontmatter): string {
  const { body, ...rest } = version;
  return JSON.stringify({ url, source, ...rest, ...(body === undefined ? {} : { body }) });
}

function readFeedOrThrow(text: string, url: string, maxEntries?: number) {
  try {
    return readFeed(text, maxEntries);
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}`);
  }
}

/** Same text as a reader would see it (archive_url is not something a capture sees). */
function sameText(stored: VersionFrontmatter, fresh: VersionFrontmatter): boolean {
  const { archive_url: _ignored, ...text } = stored;
  void _ignored;
  return contentKey(text) === contentKey(fresh);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

type Provenance = Pick<
  VersionFrontmatter,
  "fetched_url" | "final_url" | "http_status" | "fetched_at" | "raw_sha256"
>;

/** A version from a page's HTML, or why there is none (block page, no text). */
function versionFrom(
  html: string,
  url: string,
  settings: ResolvedCapture,
  extractor: { name: string; version: string },
  provenance: Provenance,
  capturedAt: string = provenance.fetched_at!,
): { version: VersionFrontmatter } | { reason: string } {
  let extracted: Extracted;
  try {
    extracted = extract(html, settings.extract);
  } catch (error) {
    return { reason: `${url}: cannot extract: ${(error as Error).message}` };
  }
  const blocked = blockedBy(extracted, settings.block_patterns);
  if (blocked !== undefined) {
    return {
      reason: `${url}: not stored: looks like a bot check, paywall or consent page (matches /${blocked}/)`,
    };
  }
  if (!extracted.headline) return { reason: `${url}: no headline found on the page` };
  if (extracted.paragraphs.length === 0)
    return { reason: `${url}: no article text found on the page` };
  return {
    version: {
      captured_at: capturedAt,
      headline: extracted.headline,
      ...(extracted.byline ? { byline: extracted.byline } : {}),
      ...(extracted.standfirst ? { standfirst: extracted.standfirst } : {}),
      ...provenance,
      extractor: extractor.name,
      extractor_version: extractor.version,
      body: extracted.paragraphs.join("\n\n"),
    },
  };
}

/** The latest version extracted again from its kept response; undefined when none is kept. */
async function reextract(
  latest: VersionFrontmatter,
  settings: ResolvedCapture,
  extractor: { name: string; version: string },
  cacheDir: string,
  at: number,
): Promise<{ version: VersionFrontmatter } | { reason: string } | undefined> {
  if (!latest.raw_sha256) return undefined;
  const raw = await readRaw(cacheDir, latest.raw_sha256);
  if (!raw) return undefined;
  if (Date.parse(latest.captured_at) >= at) return undefined;
  const made = versionFrom(
    decodeBody(raw.body, raw.meta.charset),
    latest.fetched_url ?? raw.meta.finalUrl,
    settings,
    extractor,
    {
      ...(latest.fetched_url ? { fetched_url: latest.fetched_url } : {}),
      ...(latest.final_url ? { final_url: latest.final_url } : {}),
      ...(latest.http_status ? { http_status: latest.http_status } : {}),
      ...(latest.fetched_at ? { fetched_at: latest.fetched_at } : {}),
      raw_sha256: latest.raw_sha256,
    },
    stamp(at),
  );
  if ("reason" in made) return made;
  return { version: { ...made.version, extraction_change: true } };
}

async function readArticles(
  contentDir: string,
  source: Source,
  show: (path: string) => string,
  fail: (line: string) => void,
): Promise<Tracked[]> {
  const folder = join(contentDir, source.key);
  let names: string[];
  try {
    names = (await readdir(folder))
      .filter((name) => name.endsWith(".md") && !name.startsWith("."))
      .sort();
  } catch {
    return [];
  }
  const capture = resolveCapture(source.capture);
  const out: Tracked[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const file = show(path);
    const text = decodeUtf8(await readFile(path));
    const parsed =
      text === undefined
        ? undefined
        : parseArticleFrontmatter(file, text, { headlinesOnly: capture.headlines_only });
    if (!parsed?.frontmatter) {
      fail(`${file}: has problems (run npm run check to see them); not captured`);
      continue;
    }
    out.push({ source, capture, path, file, frontmatter: parsed.frontmatter });
  }
  return out;
}
