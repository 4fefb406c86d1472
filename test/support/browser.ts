// Headless Chromium for browser tests, installed through npm (@sparticuz/chromium ships the
// browser; playwright-core drives it), so `npm test` needs nothing else on the machine.
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser } from "playwright-core";

export type { Browser, Page } from "playwright-core";

/** Launches a headless browser; close it in an `after` hook. */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    // The package's flags are tuned for AWS Lambda; in single-process mode closing one page
    // ends the whole browser, which would break every test after the first.
    args: chromium.args.filter((arg) => arg !== "--single-process"),
    headless: true,
  });
}
