// The recommended Content-Security-Policy (SECURITY.md), sent as a real response header by a
// static server, and a real headless Chromium visiting the site: no page may violate it —
// home, an article, a diff, a version, search with results — and hostile text in an
// article must not run or inject anything in the page or in search results.
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { RECOMMENDED_CSP } from "../../scripts/check-site/index.ts";
import { META_CSP } from "../../scripts/check-site/csp.ts";
import { closeBrowser, launchBrowser, type Browser, type Page } from "../support/browser.ts";
import { ROOT } from "../support/build.ts";
import { buildAndServe, type StaticServer } from "../support/serve.ts";
import { MARKER_TAG } from "./inspect.ts";

let server: StaticServer;
/** The same site from a host that sends no headers: only the pages' own <meta> policy. */
let bare: StaticServer;
let browser: Browser;

before(async () => {
  const work = await mkdtemp(path.join(tmpdir(), "diff-archive-csp-"));
  const content = path.join(work, "content");
  // The sample archive, plus an article whose every field is hostile markup.
  await cp(path.join(ROOT, "content"), content, { recursive: true });
  await cp(
    path.join(ROOT, "test/fixtures/hostile/markup-lookalikes/content/wire/lookalike.md"),
    path.join(content, "meridian-wire/lookalike.md"),
  );
  server = await buildAndServe(content, { "content-security-policy": RECOMMENDED_CSP });
  bare = await buildAndServe(content);
  browser = await launchBrowser();
});

after(async () => {
  await closeBrowser(browser);
  await server?.close();
  await bare?.close();
});

interface Visit {
  page: Page;
  violations: string[];
  errors: string[];
}

async function visit(sitePath: string): Promise<Visit> {
  const page = await browser.newPage();
  const violations: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction("reportViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { reportViolation(line: string): void }).reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(`${server.url}${sitePath}`, { waitUntil: "networkidle" });
  assert.equal(response?.status(), 200, `${sitePath} is served`);
  assert.equal(response?.headers()["content-security-policy"], RECOMMENDED_CSP);
  return { page, violations, errors };
}

async function assertClean(v: Visit, what: string): Promise<void> {
  assert.deepEqual(v.violations, [], `${what}: no Content-Security-Policy violation`);
  assert.deepEqual(v.errors, [], `${what}: no script error`);
  const injected = await v.page.evaluate(
    (marker) => ({
      global: marker in window,
      elements: document.querySelectorAll(`[${marker}], ${marker}-a, ${marker}-b, img, iframe`)
        .length,
    }),
    MARKER_TAG,
  );
  assert.deepEqual(injected, { global: false, elements: 0 }, `${what}: nothing injected ran`);
}

describe("the recommended Content-Security-Policy", () => {
  test("SECURITY.md recommends exactly the policy the browser test enforces", async () => {
    const security = await readFile(path.join(ROOT, "SECURITY.md"), "utf8");
    assert.ok(security.includes(`Content-Security-Policy: ${RECOMMENDED_CSP}`));
  });

  for (const [what, sitePath] of [
    ["home", ""],
    ["sources", "sources/"],
    ["an article", "meridian-wire/seatspring-script-injection-flaw/"],
    ["a hostile article", "meridian-wire/lookalike/"],
    ["a diff of hostile text", "meridian-wire/lookalike/changes/1-2/"],
    ["a version", "meridian-wire/lookalike/versions/2/"],
  ] as const) {
    test(
      `${what} loads without a violation and nothing injected runs`,
      { timeout: 60_000 },
      async () => {
        const v = await visit(sitePath);
        let dialogs = 0;
        v.page.on("dialog", (d) => {
          dialogs++;
          void d.dismiss();
        });
        await v.page.mouse.move(10, 10);
        await assertClean(v, what);
        assert.equal(dialogs, 0, "no alert() ran");
        await v.page.close();
      },
    );
  }

  test(
    "search runs under the policy, and hostile text in results stays text",
    { timeout: 120_000 },
    async () => {
      const v = await visit("search/");
      await v.page.locator("#search-input").fill("Minister");
      // Results are checked and shown once loaded: wait for the hostile one's excerpt.
      // If markup were injected instead of shown, this text would never appear and the wait fails.
      await v.page.waitForFunction(() =>
        [...document.querySelectorAll(".search-result-excerpt")].some((e) =>
          e.textContent?.includes("<img src=x onerror=alert(1)>"),
        ),
      );
      const titles = await v.page.locator(".search-result-link").allTextContents();
      assert.ok(
        titles.some((t) => t.includes("</ins><script>alert(1)</script>")),
        `the hostile headline is shown as text: ${JSON.stringify(titles)}`,
      );
      const excerpts = await v.page.locator(".search-result-excerpt").allTextContents();
      assert.ok(
        excerpts.some((t) => t.includes("<img src=x onerror=alert(1)>")),
        "excerpts show markup as text",
      );
      // No result brought a <script> (or any element but the page's own marks) into the page.
      assert.equal(await v.page.locator(".search-results script").count(), 0);
      assert.equal(
        await v.page
          .locator(".search-result-excerpt *:not(mark), .search-result-excerpt mark *")
          .count(),
        0,
      );
      await assertClean(v, "search");
      await v.page.close();
    },
  );
});

describe("the policy in each page's <meta>, from a host that sends no headers", () => {
  for (const [what, sitePath] of [
    ["home", ""],
    ["an article", "meridian-wire/seatspring-script-injection-flaw/"],
    ["a diff of hostile text", "meridian-wire/lookalike/changes/1-2/"],
    ["a version", "meridian-wire/lookalike/versions/2/"],
    ["search", "search/"],
  ] as const) {
    test(
      `${what} works under it: nothing blocked, nothing missing, a clean console`,
      { timeout: 60_000 },
      async () => {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
        });
        page.on("pageerror", (error) => problems.push(error.message));
        page.on("response", (r) => {
          if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
        });
        const response = await page.goto(`${bare.url}${sitePath}`, { waitUntil: "networkidle" });
        assert.equal(response?.status(), 200);
        assert.equal(response?.headers()["content-security-policy"], undefined, "no header");
        // The browser asks for the icon the page names; wait for it to be answered.
        const icon = await page.evaluate(async () => {
          const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href;
          return href ? (await fetch(href)).status : 0;
        });
        assert.equal(icon, 200, "the icon is there");
        const root = await page.evaluate(async () => (await fetch("/archive/favicon.ico")).status);
        assert.equal(root, 200, "favicon.ico answers at the site's root");
        assert.deepEqual(problems, [], `${what}: nothing blocked, failed or complained of`);
        // And the policy is in force: an inline script added now is refused.
        const refused = await page.evaluate(
          (policy) =>
            new Promise<string>((resolve) => {
              document.addEventListener("securitypolicyviolation", (e) =>
                resolve(e.violatedDirective),
              );
              const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
              if (meta?.getAttribute("content") !== policy) resolve("no policy in the page");
              const script = document.createElement("script");
              script.textContent = "window.ranInline = true";
              document.body.append(script);
              setTimeout(() => resolve("nothing refused"), 2000);
            }),
          META_CSP,
        );
        assert.match(refused, /^script-src/);
        assert.equal(await page.evaluate(() => "ranInline" in window), false);
        await page.close();
      },
    );
  }
});
