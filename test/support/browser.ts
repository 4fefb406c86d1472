// Headless Chromium for browser tests, installed through npm (@sparticuz/chromium ships the
// browser; playwright-core drives it), so `npm test` needs nothing else on the machine.
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser } from "playwright-core";

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

/** Launches a headless browser; close it in an `after` hook. */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !UNWANTED.has(arg)),
    headless: true,
  });
}
