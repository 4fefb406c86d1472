// The capture's only way onto the network: one GET at a time, with every limit
// a hostile or broken server could push against enforced here.
//
// - only http: and https:, at most `maxRedirects` redirects, loops refused;
// - every address a host resolves to is checked (private, loopback and
//   link-local networks refused unless allowPrivate), and the connection is
//   pinned to the checked address, so a second DNS answer cannot swap it;
// - timeouts for connecting, for the whole response and for silence (idle);
// - a size limit checked against Content-Length before reading, and counted on
//   the decompressed bytes while reading (gzip, deflate and br are bounded as
//   they are decompressed, so a small "zip bomb" stops at the limit);
// - the content type checked before the body is read.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type Socket } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { isPrivateAddress } from "./net.ts";

export interface Limits {
  /** Largest body accepted, in bytes, after decompression. */
  maxBytes: number;
  /** From starting the request to the connection being open (TLS included). */
  connectTimeoutMs: number;
  /** From starting the request to the last byte of the body. */
  responseTimeoutMs: number;
  /** Longest silence while waiting for or reading the response. */
  idleTimeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBytes: 5 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 60_000,
  idleTimeoutMs: 20_000,
  maxRedirects: 5,
};

/** What a request is for decides which content types are accepted. */
export type Purpose = "page" | "feed" | "robots";

const ACCEPT: Record<Purpose, { header: string; types: RegExp }> = {
  page: {
    header: "text/html,application/xhtml+xml;q=0.9",
    types: /^(text\/html|application\/xhtml\+xml)$/,
  },
  feed: {
    header: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
    types: /^(application\/(rss\+xml|atom\+xml|xml|rdf\+xml)|text\/xml)$/,
  },
  robots: { header: "text/plain", types: /^text\/plain$/ },
};

export interface FetchSettings {
  userAgent: string;
  allowPrivate: boolean;
  limits: Limits;
  /** Called before each redirect is followed; throws to refuse it (robots.txt of the new site). */
  beforeRedirect?: (url: string) => Promise<void>;
}

export interface Hop {
  url: string;
  status: number;
  location: string;
}

export interface Fetched {
  /** The address asked for. */
  requestedUrl: string;
  /** The address that answered, after redirects. */
  finalUrl: string;
  status: number;
  /** Media type without parameters, lower case ("" when none was sent). */
  contentType: string;
  /** The charset parameter of Content-Type, if any. */
  charset?: string;
  /** The body after content decoding; empty for responses that are not 2xx. */
  body: Buffer;
  /** When the response started, ISO 8601 UTC to the second. */
  fetchedAt: string;
  redirects: Hop[];
}

/** A request that did not give a usable response; the message is one line naming the URL. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = "FetchError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GET with redirects followed (each hop checked like the first). */
export async function fetchUrl(
  url: string,
  purpose: Purpose,
  settings: FetchSettings,
): Promise<Fetched> {
  const redirects: Hop[] = [];
  const seen = new Set<string>();
  let current = url;
  for (;;) {
    if (seen.has(current)) {
      throw new FetchError(url, `refused: redirect loop (back to ${current})`);
    }
    seen.add(current);
    const answer = await fetchOnce(current, purpose, settings);
    if ("location" in answer) {
      let next: string;
      try {
        next = new URL(answer.location, current).href;
      } catch {
        throw new FetchError(url, `refused: redirect to an invalid address`);
      }
      redirects.push({ url: current, status: answer.status, location: next });
      if (redirects.length > settings.limits.maxRedirects) {
        throw new FetchError(
          url,
          `refused: more than ${settings.limits.maxRedirects} redirects (last to ${next})`,
        );
      }
      if (settings.beforeRedirect) {
        try {
          await settings.beforeRedirect(next);
        } catch (error) {
          throw new FetchError(
            url,
            `refused: redirected to ${next}, which ${(error as Error).message}`,
          );
        }
      }
      current = next;
      continue;
    }
    return { ...answer, requestedUrl: url, finalUrl: current, redirects };
  }
}

type Answer =
  { status: number; location: string } | Omit<Fetched, "requestedUrl" | "finalUrl" | "redirects">;

/** Checks the address of a URL and returns the address to connect to. */
export async function resolveChecked(url: URL, allowPrivate: boolean): Promise<LookupAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: LookupAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new FetchError(
        url.href,
        `cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  if (addresses.length === 0) throw new FetchError(url.href, `cannot resolve ${host}`);
  if (!allowPrivate) {
    const bad = addresses.find((entry) => isPrivateAddress(entry.address));
    if (bad) {
      throw new FetchError(
        url.href,
        `refused: ${host} is on a private, loopback or link-local network (${bad.address}); use --allow-private to capture from it`,
      );
    }
  }
  return addresses[0]!;
}

async function fetchOnce(href: string, purpose: Purpose, settings: FetchSettings): Promise<Answer> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new FetchError(href, "refused: not a valid address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(href, `refused: only http and https are fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new FetchError(href, "refused: addresses with a user name or password are not fetched");
  }
  const { limits } = settings;
  const started = Date.now();
  const pinned = await resolveChecked(url, settings.allowPrivate);

  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (error: Error | undefined, answer?: Answer): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error instanceof FetchError ? error : new FetchError(href, error.message));
      } else resolve(answer!);
    };
    const fail = (reason: string): void => finish(new FetchError(href, reason));

    const options: https.RequestOptions = {
      method: "GET",
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: {
        "user-agent": settings.userAgent,
        accept: ACCEPT[purpose].header,
        "accept-encoding": "gzip, deflate, br",
      },
      agent: false,
      // The connection goes to the address that was checked, whatever DNS says now.
      lookup: ((_host: string, opts: { all?: boolean }, callback: LookupCallback) => {
        if (opts.all) callback(null, [pinned]);
        else callback(null, pinned.address, pinned.family);
      }) as unknown as typeof dnsLookup,
    };
    if (url.protocol === "https:")
      options.servername = isIP(options.host!) ? undefined : options.host!;
    const request = (url.protocol === "https:" ? https : http).request(options);

    timers.push(
      setTimeout(
        () => fail(`no connection within ${limits.connectTimeoutMs / 1000} s`),
        limits.connectTimeoutMs,
      ),
    );
    timers.push(
      setTimeout(
        () => fail(`the response took longer than ${limits.responseTimeoutMs / 1000} s`),
        limits.responseTimeoutMs,
      ),
    );
    request.on("socket", (socket: Socket) => {
      const connected = (): void => clearTimeout(timers[0]);
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", connected);
      socket.setTimeout(limits.idleTimeoutMs, () =>
        fail(`nothing received for ${limits.idleTimeoutMs / 1000} s`),
      );
    });
    request.on("error", (error) => fail(error.message));
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && typeof location === "string") {
        response.destroy();
        finish(undefined, { status, location });
        return;
      }
      const fetchedAt = new Date(started).toISOString().replace(/\.\d{3}Z$/, "Z");
      const [type = "", ...parameters] = (response.headers["content-type"] ?? "").split(";");
      const contentType = type.trim().toLowerCase();
      const charset = parameters
        .map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(parameter)?.[1])
        .find((value) => value !== undefined);
      const head = { status, contentType, ...(charset ? { charset } : {}), fetchedAt };
      if (status < 200 || status > 299) {
        response.destroy();
        finish(undefined, { ...head, body: Buffer.alloc(0) });
        return;
      }
      if (!ACCEPT[purpose].types.test(contentType)) {
        response.destroy();
        fail(
          `refused: expected ${purpose === "page" ? "an HTML page" : purpose === "feed" ? "an RSS, Atom or sitemap XML document" : "text"}, found ${contentType === "" ? "no content type" : contentType}`,
        );
        return;
      }
      const length = Number(response.headers["content-length"]);
      if (Number.isFinite(length) && length > limits.maxBytes) {
        response.destroy();
        fail(
          `refused: ${length} bytes is larger than the limit of ${limits.maxBytes} bytes (not read)`,
        );
        return;
      }
      let decoded: Readable;
      const encoding = (response.headers["content-encoding"] ?? "identity").trim().toLowerCase();
      if (encoding === "identity" || encoding === "") decoded = response;
      else if (encoding === "gzip" || encoding === "x-gzip")
        decoded = response.pipe(zlib.createGunzip());
      else if (encoding === "deflate") decoded = response.pipe(zlib.createInflate());
      else if (encoding === "br") decoded = response.pipe(zlib.createBrotliDecompress());
      else {
        response.destroy();
        fail(`refused: unknown content encoding ${JSON.stringify(encoding)}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = (reason: string): void => {
        response.destroy();
        if (decoded !== response) decoded.destroy();
        fail(reason);
      };
      response.on("error", (error) => stop(error.message));
      decoded.on("error", (error) =>
        stop(`cannot decode the ${encoding} response (${error.message})`),
      );
      decoded.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          stop(`refused: the response is larger than the limit of ${limits.maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      decoded.on("end", () => {
        if (!response.complete) {
          fail("the connection closed before the response was complete");
          return;
        }
        finish(undefined, { ...head, body: Buffer.concat(chunks) });
      });
    });
    request.end();
  });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Text of a response: the charset it declared (header, then <meta>), else UTF-8. */
export function decodeBody(body: Buffer, charset?: string): string {
  let label = charset;
  if (!label) {
    const head = body.subarray(0, 2048).toString("latin1");
    label =
      /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ??
      /<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(label ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

/** One request at a time per host, with a pause between two requests to the same host. */
export class HostQueue {
  private readonly last = new Map<string, number>();
  private readonly busy = new Map<string, Promise<unknown>>();

  async run<T>(url: string, delayMs: number, work: () => Promise<T>): Promise<T> {
    const host = safeHost(url);
    const before = this.busy.get(host) ?? Promise.resolve();
    const turn = before.then(async () => {
      const wait = (this.last.get(host) ?? 0) + delayMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await work();
      } finally {
        this.last.set(host, Date.now());
      }
    });
    this.busy.set(
      host,
      turn.catch(() => undefined),
    );
    return turn;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
