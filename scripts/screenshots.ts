// `node --import tsx scripts/screenshots.ts`: photographs the bundled sample archive for
// the README (docs/screenshots/). Builds content/ into a temporary folder, opens pages in
// headless Chromium (from npm, like the browser tests) and writes small PNGs.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import chromium from "@sparticuz/chromium";
import { chromium as playwright } from "playwright-core";
import { buildSite } from "./build/pipeline.ts";
import { isMain, parseCommandLine } from "./cli.ts";
import { readSiteConfig } from "./site/config.ts";

const HELP = `Usage: node --import tsx scripts/screenshots.ts [--out <dir>]

Builds the sample archive in content/ and saves screenshots of an article page
and a diff page for the README.

Options:
  --out <dir>  where to write the PNGs (default: docs/screenshots)
  --help       show this text`;

/** Made-up address the pages are served from, straight out of the built folder. */
const ORIGIN = "http://archive.localhost";

interface Shot {
  file: string;
  path: string;
  width: number;
  height: number;
  colorScheme: "light" | "dark";
  /** Element to scroll to the top of the picture, if not the page's top. */
  scrollTo?: string;
}

const SHOTS: Shot[] = [
  {
    file: "article.png",
    path: "meridian-wire/hurricane-teodora-marisal-live-updates/",
    width: 1200,
    height: 1100,
    colorScheme: "light",
  },
  {
    file: "diff.png",
    path: "harbour-herald/stadium-vote-paragraphs-moved/changes/1-2/",
    width: 1200,
    height: 1100,
    colorScheme: "light",
  },
  {
    file: "diff-phone-dark.png",
    path: "meridian-wire/norland-vesterra-radar-talks-stalled/changes/1-2/",
    width: 390,
    height: 844,
    colorScheme: "dark",
    scrollTo: ".fields",
  },
];

export async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv, {
    command: "node --import tsx scripts/screenshots.ts",
    options: { out: { type: "string", default: "docs/screenshots" } },
    help: HELP,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values } = commandLine;
  const root = path.resolve(import.meta.dirname, "..");
  const outDir = path.resolve(values.out);
  const work = await mkdtemp(path.join(tmpdir(), "diff-archive-screenshots-"));
  const site = path.join(work, "dist");
  try {
    await buildSite({
      root,
      contentDir: path.join(root, "content"),
      outDir: site,
      config: readSiteConfig({ SITE_URL: `${ORIGIN}/` }),
      search: false,
    });
    await mkdir(outDir, { recursive: true });
    const browser = await playwright.launch({
      executablePath: await chromium.executablePath(),
      args: chromium.args.filter((arg) => arg !== "--single-process"),
      headless: true,
    });
    try {
      for (const shot of SHOTS) {
        const context = await browser.newContext({
          viewport: { width: shot.width, height: shot.height },
          colorScheme: shot.colorScheme,
        });
        // Answer every request from the built folder: no server, no network.
        await context.route(`${ORIGIN}/**`, (route) => {
          const pathname = decodeURIComponent(new URL(route.request().url()).pathname);
          const file = pathname.endsWith("/") ? `${pathname}index.html` : pathname;
          return route.fulfill({ path: path.join(site, file) });
        });
        const page = await context.newPage();
        await page.goto(`${ORIGIN}/${shot.path}`);
        await page.waitForLoadState("networkidle");
        if (shot.scrollTo) {
          await page
            .locator(shot.scrollTo)
            .first()
            .evaluate((el) => el.scrollIntoView());
        }
        const file = path.join(outDir, shot.file);
        await page.screenshot({ path: file });
        await context.close();
        const { size } = await stat(file);
        console.log(`${path.relative(process.cwd(), file)}: ${Math.round(size / 1024)} KB`);
      }
    } finally {
      await browser.close();
    }
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
