// A static file server for a built site, on 127.0.0.1 and a free port, for browser tests.
// Serves <dir>/x/index.html for /x/, answers unknown paths with 404.html and status 404,
// and can serve under a base path ("/archive/") like a project page on a static host.
import { createReadStream } from "node:fs";
import { mkdtemp, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite } from "../../scripts/build/pipeline.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { ROOT } from "./build.ts";

export interface StaticServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** Origin plus base path, ending with "/". */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** Maps a request path to a file inside `dir`, or undefined (never escapes `dir`). */
async function resolveFile(
  dir: string,
  basePath: string,
  urlPath: string,
): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(basePath)) return undefined;
  const relative = decoded.slice(basePath.length);
  const file = path.resolve(
    dir,
    relative.endsWith("/") || relative === "" ? `${relative}index.html` : relative,
  );
  if (file !== dir && !file.startsWith(dir + path.sep)) return undefined;
  if (await isFile(file)) return file;
  // "/x" for a folder: serve its index like most static hosts do.
  const index = path.join(file, "index.html");
  return (await isFile(index)) ? index : undefined;
}

/**
 * Starts serving `dir` (which may be filled later) under `basePath` ("/" by default),
 * adding `headers` to every response (e.g. a Content-Security-Policy, as a host would).
 */
export async function serveStatic(
  dir: string,
  basePath = "/",
  headers: Record<string, string> = {},
): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server: Server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? "/", "http://localhost").pathname;
    void (async () => {
      const file = await resolveFile(root, basePath, urlPath);
      const notFound = path.join(root, "404.html");
      const target = file ?? ((await isFile(notFound)) ? notFound : undefined);
      if (!target) {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        response.end(`Not found: ${urlPath}`);
        return;
      }
      response.writeHead(file ? 200 : 404, {
        "content-type": TYPES[path.extname(target)] ?? "application/octet-stream",
        "cache-control": "no-store",
        ...headers,
      });
      createReadStream(target).pipe(response);
    })().catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${basePath}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Serves a fresh folder under /archive/, then builds `contentDir` into it for that address
 * (the random port is part of the site's URL, so the server comes first), with the site's
 * other settings taken from `env`.
 */
export async function buildAndServe(
  contentDir: string,
  headers: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<StaticServer> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "diff-archive-served-")), "dist");
  const server = await serveStatic(dir, "/archive/", headers);
  await buildSite({
    root: ROOT,
    contentDir,
    outDir: dir,
    config: readSiteConfig({ ...env, SITE_URL: server.url }),
  });
  return server;
}
