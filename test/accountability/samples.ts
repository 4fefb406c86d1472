// Reading the sample archive and the shared corpus as change lists, for the calibration tests.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diffVersions } from "../../scripts/diff/index.ts";
import type { Change } from "../../scripts/diff/index.ts";
import { loadArchive, normaliseLine, normaliseParagraphs } from "../../scripts/load/index.ts";
import type { Article, Source, Version } from "../../scripts/load/index.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS = fileURLToPath(
  new URL("../../../shared/corpus/ota-terms.jsonl.xz", import.meta.url),
);

export interface Step {
  article: Article;
  source: Source | undefined;
  before: Version;
  after: Version;
  change: Change;
}

/** Every change between neighbouring versions of the sample archive, with its article. */
export async function sampleSteps(): Promise<Step[]> {
  const { archive, problems } = await loadArchive(`${ROOT}content`, { root: ROOT });
  if (problems.length > 0) throw new Error(`sample archive has problems: ${problems[0]!.message}`);
  const sources = new Map(archive.sources.map((s) => [s.key, s]));
  return archive.articles.flatMap((article) => steps(article, sources.get(article.source)));
}

export function steps(article: Article, source: Source | undefined): Step[] {
  const out: Step[] = [];
  for (let k = 1; k < article.versions.length; k++) {
    const before = article.versions[k - 1]!;
    const after = article.versions[k]!;
    const change = diffVersions(before, after, { language: source?.language });
    out.push({ article, source, before, after, change });
  }
  return out;
}

/** True when the shared corpus can be read (the file and the xz command are both there). */
export function corpusAvailable(): string | undefined {
  if (!existsSync(CORPUS)) return `the shared corpus is absent (${CORPUS})`;
  try {
    execFileSync("xz", ["--version"], { stdio: "ignore" });
  } catch {
    return "the xz command is not installed (package xz-utils)";
  }
  return undefined;
}

/** The shared corpus as articles (one per url, captures sorted by time), read with xz -dc. */
export function corpusArticles(): Article[] {
  const text = execFileSync("xz", ["-dc", CORPUS], { maxBuffer: 1 << 30, encoding: "utf8" });
  const byUrl = new Map<string, { captured_at: string; headline: string; body: string }[]>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as {
      url: string;
      captured_at: string;
      headline: string;
      body: string;
    };
    const list = byUrl.get(row.url) ?? [];
    list.push(row);
    byUrl.set(row.url, list);
  }
  const articles: Article[] = [];
  for (const [url, rows] of byUrl) {
    rows.sort((a, b) => Date.parse(a.captured_at) - Date.parse(b.captured_at));
    const versions: Version[] = [];
    for (const row of rows) {
      const version: Version = {
        number: versions.length + 1,
        capturedAt: row.captured_at,
        time: Date.parse(row.captured_at),
        headline: normaliseLine(row.headline),
        paragraphs: normaliseParagraphs(row.body),
      };
      const last = versions[versions.length - 1];
      if (
        last &&
        last.headline === version.headline &&
        last.paragraphs.join("\n\n") === version.paragraphs.join("\n\n")
      )
        continue;
      versions.push(version);
    }
    articles.push({
      source: "opentermsarchive",
      slug: `doc-${articles.length + 1}`,
      file: url,
      url,
      tracking: "active",
      corrections: [],
      versions,
    });
  }
  return articles;
}
