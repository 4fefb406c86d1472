// What the capture remembers between runs, kept outside content/ (by default
// .cache/capture/, restored and saved by the workflow's cache): when each
// article was checked and how often it is checked, and the raw responses that
// versions were extracted from (raw/<sha256>), so extraction can be re-run.
// Nothing here is needed to read the archive; losing it costs one check of
// each article.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ArticleState } from "./schedule.ts";

const STATE_FILE = "state.json";
const FORMAT = 1;

export interface CaptureState {
  /** Keyed by the article's URL. */
  articles: Map<string, ArticleState>;
}

export async function readState(cacheDir: string): Promise<CaptureState> {
  const state: CaptureState = { articles: new Map() };
  let data: unknown;
  try {
    data = JSON.parse(await readFile(join(cacheDir, STATE_FILE), "utf8"));
  } catch {
    return state;
  }
  if (data === null || typeof data !== "object") return state;
  const { format, articles } = data as { format?: unknown; articles?: unknown };
  if (format !== FORMAT || articles === null || typeof articles !== "object") return state;
  for (const [url, value] of Object.entries(articles as Record<string, unknown>)) {
    const entry = value as Partial<Record<keyof ArticleState, unknown>>;
    if (
      typeof entry?.checkedAt === "number" &&
      typeof entry.intervalMinutes === "number" &&
      entry.intervalMinutes > 0 &&
      typeof entry.changedAt === "number"
    ) {
      state.articles.set(url, {
        checkedAt: entry.checkedAt,
        intervalMinutes: entry.intervalMinutes,
        changedAt: entry.changedAt,
      });
    }
  }
  return state;
}

export async function writeState(cacheDir: string, state: CaptureState): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const articles = Object.fromEntries([...state.articles].sort(([a], [b]) => (a < b ? -1 : 1)));
  const path = join(cacheDir, STATE_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ format: FORMAT, articles }, null, 1)}\n`);
  await rename(temporary, path);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface RawMeta {
  contentType: string;
  charset?: string;
  finalUrl: string;
}

/** Keeps a raw response (once per digest) and what is needed to decode it again. */
export async function keepRaw(
  cacheDir: string,
  digest: string,
  body: Uint8Array,
  meta: RawMeta,
): Promise<void> {
  const dir = join(cacheDir, "raw");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, digest), body, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await writeFile(join(dir, `${digest}.json`), `${JSON.stringify(meta)}\n`);
}

/** A kept raw response whose bytes still match their digest, or undefined. */
export async function readRaw(
  cacheDir: string,
  digest: string,
): Promise<{ body: Buffer; meta: RawMeta } | undefined> {
  try {
    const body = await readFile(join(cacheDir, "raw", digest));
    if (sha256(body) !== digest) return undefined;
    const meta = JSON.parse(
      await readFile(join(cacheDir, "raw", `${digest}.json`), "utf8"),
    ) as RawMeta;
    return { body, meta };
  } catch {
    return undefined;
  }
}
