// robots.txt, read once per site per run. A site without one (or whose
// robots.txt cannot be fetched or is not 2xx) allows everything; its
// Crawl-delay lengthens the pause between requests to it.
import { createRequire } from "node:module";
import { fetchUrl, FetchError, type FetchSettings, type HostQueue } from "./fetch.ts";

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

// robots-parser is CommonJS and its declarations do not describe the default export.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (
  url: string,
  contents: string,
) => Robot;

export class Robots {
  private readonly sites = new Map<string, Promise<Robot | undefined>>();

  constructor(
    private readonly settings: FetchSettings,
    private readonly queue: HostQueue,
    private readonly delayMs: number,
  ) {}

  /** Whether the user agent may fetch this URL, and the site's crawl delay in ms (if any). */
  async check(url: string): Promise<{ allowed: boolean; crawlDelayMs?: number }> {
    const origin = new URL(url).origin;
    let robot = this.sites.get(origin);
    if (!robot) {
      robot = this.read(origin);
      this.sites.set(origin, robot);
    }
    let parsed: Robot | undefined;
    try {
      parsed = await robot;
    } catch (error) {
      // A refusal of the site itself (its address): say it of the URL asked for.
      if (error instanceof FetchError) throw new FetchError(url, error.reason);
      throw error;
    }
    if (!parsed) return { allowed: true };
    const delay = parsed.getCrawlDelay(this.settings.userAgent);
    return {
      allowed: parsed.isAllowed(url, this.settings.userAgent) !== false,
      ...(delay === undefined ? {} : { crawlDelayMs: Math.min(delay, 60) * 1000 }),
    };
  }

  private async read(origin: string): Promise<Robot | undefined> {
    const url = `${origin}/robots.txt`;
    try {
      const fetched = await this.queue.run(url, this.delayMs, () =>
        fetchUrl(url, "robots", {
          // Never the redirect hook: it reads robots.txt, and would wait on this very read.
          userAgent: this.settings.userAgent,
          allowPrivate: this.settings.allowPrivate,
          limits: {
            ...this.settings.limits,
            maxBytes: Math.min(this.settings.limits.maxBytes, 512 * 1024),
          },
        }),
      );
      if (fetched.status < 200 || fetched.status > 299) return undefined;
      return robotsParser(url, fetched.body.toString("utf8"));
    } catch (error) {
      if (error instanceof FetchError && /refused: (only|.*private)/.test(error.message))
        throw error;
      return undefined;
    }
  }
}
