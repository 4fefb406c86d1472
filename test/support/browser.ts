// Headless Chromium for browser tests, installed through npm (@sparticuz/chromium ships the
// browser; playwright-core drives it), so `npm test` needs nothing else on the machine.
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser } from "playwright-core";

export type { Browser, Page } from "playwright-core";

/** Launches a headless browser; close it in an `after` hook. */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
}
