// Browser helpers for the reader's tests: the sample archive built and served once per
// test file, a browser that can open many pages, the site's Content-Security-Policy
// enforced on every response, and axe-core.
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import path from "node:path";
import { RECOMMENDED_CSP } from "../../scripts/check-site/index.ts";
import { buildFixture, ROOT, type BuiltSite } from "./build.ts";
import { closeBrowser, launchBrowser } from "./browser.ts";
import { serveStatic, type StaticServer } from "./serve.ts";

/** The policy every page must work under (SECURITY.md): no inline script, style or event handler. */
export const CSP = RECOMMENDED_CSP;

/** The bundled sample archive: one article for each kind of change (content/README.md). */
export const SAMPLE_CONTENT = path.join(ROOT, "content");

export interface ReaderSite {
  site: BuiltSite;
  server: StaticServer;
  browser: Browser;
  /** A fresh context (own storage) whose responses carry the CSP; violations are collected. */
  open(options?: {
    width?: number;
    height?: number;
    javaScript?: boolean;
    colorScheme?: "light" | "dark";
  }): Promise<{ context: BrowserContext; page: Page; violations: string[]; errors: string[] }>;
  url(sitePath: string): string;
  close(): Promise<void>;
}

export async function startReaderSite(content = SAMPLE_CONTENT): Promise<ReaderSite> {
  const site = await buildFixture(content, { SITE_URL: "http://127.0.0.1/archive/" });
  // The policy is a real response header, as a host would send it.
  const server = await serveStatic(site.dir, "/archive/", { "content-security-policy": CSP });
  const browser = await launchBrowser();
  return {
    site,
    server,
    browser,
    url: (sitePath) => `${server.url}${sitePath}`,
    async open(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
        javaScriptEnabled: options.javaScript ?? true,
        colorScheme: options.colorScheme ?? "light",
      });
      const violations: string[] = [];
      const errors: string[] = [];
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        else if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      return { context, page, violations, errors };
    },
    async close() {
      await closeBrowser(browser);
      await server.close();
    },
  };
}

/** axe-core's violations on the page as "rule: target …" lines (empty when accessible). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact ?? "?"}): ${n.target.join(" ")} — ${n.failureSummary ?? v.help}`,
    ),
  );
}
