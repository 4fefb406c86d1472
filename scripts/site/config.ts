// Settings the person who deploys the archive chooses, read from the environment.

export interface SiteConfig {
  title: string;
  /** Absolute address of the published site, ending with "/" (used in feeds and the sitemap). */
  url: string;
  /** Path the site is served under, "/" or e.g. "/archive/" for a project page. */
  basePath: string;
  /**
   * Articles a search bundle holds at most (search/shards.ts; BUNDLE_ARTICLES when not set).
   * SEARCH_BUNDLE_ARTICLES sets it.
   */
  searchBundleArticles?: number;
  /**
   * "jsonl": the build publishes the JSON Lines export at data/archive.jsonl and the home page
   * links it (SITE_DATASET=jsonl). Off when not set.
   */
  dataset?: "jsonl";
}

export const DEFAULT_SITE_URL = "http://localhost:8080/";

/**
 * SITE_URL sets where the site will be published, e.g. "https://example.org/archive/";
 * its path becomes the prefix of every link, so the site works under a sub-folder.
 */
export function readSiteConfig(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  const raw = env.SITE_URL?.trim() || DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `SITE_URL is "${raw}", which is not an absolute address. Set it to where the site will be published, such as "https://example.org/archive/".`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`SITE_URL must start with http:// or https://; found "${raw}".`);
  }
  const basePath = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  const bound = env.SEARCH_BUNDLE_ARTICLES?.trim();
  if (bound && !/^[1-9][0-9]*$/.test(bound)) {
    throw new Error(
      `SEARCH_BUNDLE_ARTICLES must be a whole number of articles above 0; found "${bound}".`,
    );
  }
  const dataset = env.SITE_DATASET?.trim();
  if (dataset && dataset !== "jsonl") {
    throw new Error(
      `SITE_DATASET must be "jsonl" (or not set, for no data set); found "${dataset}".`,
    );
  }
  return {
    title: env.SITE_TITLE?.trim() || "Diff Archive",
    url: `${url.origin}${basePath}`,
    basePath,
    ...(bound ? { searchBundleArticles: Number(bound) } : {}),
    ...(dataset ? { dataset: "jsonl" as const } : {}),
  };
}
