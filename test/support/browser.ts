// Headless Chromium for browser tests, installed through npm (@sparticuz/chromium ships the
// browser; playwright-core drives it), so `npm test` needs nothing else on the machine.
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser, type BrowserServer } from "playwright-core";

export type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * The package's flags are tuned for serverless use. Three are dropped: --single-process
 * (closing one page would end the whole browser), and --disable-web-security /
 * --allow-running-insecure-content (tests must see what readers' browsers enforce,
 * the Content-Security-Policy among it).
 */
const UNWANTED = new Set([
  "--single-process",
  "--disable-web-security",
  "--allow-running-insecure-content",
]);

/** The process behind each browser launched here, so that closing can always end it. */
const servers = new WeakMap<Browser, BrowserServer>();

/** Launches a headless browser; end it with closeBrowser in an `after` hook. */
export async function launchBrowser(): Promise<Browser> {
  const server = await playwright.launchServer({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !UNWANTED.has(arg)),
    headless: true,
  });
  try {
    const browser = await playwright.connect(server.wsEndpoint());
    servers.set(browser, server);
    return browser;
  } catch (error) {
    await server.kill();
    throw error;
  }
}

/** How long a browser is given to close before its process is killed. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Ends a browser from launchBrowser, its process included. This build of Chromium sometimes
 * never answers a request to close (Sparticuz/chromium#85), and a test file whose `after`
 * hook waits on it never ends, nor does `npm test`: the browser is disconnected, given a
 * few seconds, then killed.
 */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    browser.close().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
  ]);
  clearTimeout(timer);
  await servers.get(browser)?.kill();
}
