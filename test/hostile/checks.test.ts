// The checks a build runs on its finished folder: every internal link, feed link and
// sitemap entry must resolve under the site's base path; no link may run code; every page
// must be valid HTML. Run over the sample content/, and on damaged copies of it to show
// each kind of breakage is caught.
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { buildSite } from "../../scripts/build/pipeline.ts";
import {
  checkLinks,
  checkSite,
  listFiles,
  SiteCheckError,
} from "../../scripts/check-site/index.ts";
import { readHtmlValidateConfig, validateHtml } from "../../scripts/check-site/validate-html.ts";
import { RESERVED_SLUGS, RESERVED_SOURCE_KEYS } from "../../scripts/load/index.ts";
import { NAME_PATTERN } from "../../scripts/load/schema.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { ROOT } from "../support/build.ts";

const CONFIG = readSiteConfig({ SITE_URL: "https://example.org/archive/" });
let work: string;
let site: string;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "diff-archive-checks-"));
  site = path.join(work, "dist");
  await buildSite({
    root: ROOT,
    contentDir: path.join(ROOT, "content"),
    outDir: site,
    config: CONFIG,
  });
});
after(() => rm(work, { recursive: true, force: true }));

/** A copy of the built site with one file changed. */
async function damaged(file: string, change: (text: string) => string): Promise<string> {
  const copy = await mkdtemp(path.join(work, "damaged-"));
  await cp(site, copy, { recursive: true });
  const target = path.join(copy, file);
  await writeFile(target, change(await readFile(target, "utf8")));
  return copy;
}

describe("the sample archive", () => {
  test("has no broken link in any page, feed or sitemap entry, under a base path", async () => {
    assert.deepEqual(await checkLinks(site, CONFIG), []);
  });

  test("is valid HTML on every page (.htmlvalidate.json)", { timeout: 300_000 }, async () => {
    assert.deepEqual(await validateHtml(site, await readHtmlValidateConfig(ROOT)), []);
  });
});

describe("a search index still being written beside the check", () => {
  /** The built site's files outside pagefind/, and its pagefind/ files, as a patch build sees them. */
  async function split(): Promise<{ pages: string[]; search: string[] }> {
    const files = await listFiles(site);
    const pages = await listFiles(site, "pagefind/");
    // The build lists the pages without entering the folder Pagefind is writing.
    assert.deepEqual(
      pages,
      files.filter((f) => !f.startsWith("pagefind/")),
    );
    return { pages, search: files.filter((f) => f.startsWith("pagefind/")) };
  }

  test("its links are settled once its files are known, not before", async () => {
    const { pages, search } = await split();
    let written = false;
    const files = new Promise<string[]>((resolve) =>
      setTimeout(() => {
        written = true;
        resolve(search);
      }, 50),
    );
    const problems = await checkLinks(site, CONFIG, {
      files: pages,
      pending: { prefix: "pagefind/", files },
    });
    assert.ok(written);
    assert.deepEqual(problems, []);
  });

  test("a page linking to a file the index did not write is still caught", async () => {
    const { pages, search } = await split();
    const ui = search.find((f) => f.endsWith("/pagefind.js"))!;
    assert.ok(ui, "the sample site has a search bundle");
    const problems = await checkLinks(site, CONFIG, {
      files: pages,
      pending: { prefix: "pagefind/", files: Promise.resolve(search.filter((f) => f !== ui)) },
    });
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => p.file.startsWith("search/")));
    assert.ok(problems.every((p) => p.message.includes(`no file at /archive/${ui}`)));
  });
});

describe("the link check catches", () => {
  const article = "meridian-wire/norland-vesterra-radar-talks-stalled/index.html";

  test("a link to a page that was not built, naming the page and the line", async () => {
    const dir = await damaged(article, (t) =>
      t.replace("</main>", `<a href="/archive/meridian-wire/no-such-story/">gone</a></main>`),
    );
    const problems = await checkLinks(dir, CONFIG);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, article);
    assert.match(problems[0]!.message, /no file at \/archive\/meridian-wire\/no-such-story\//);
    assert.ok(problems[0]!.line! > 1);
  });

  test("a link that forgets the base path, and one to a missing anchor", async () => {
    const dir = await damaged(article, (t) =>
      t.replace("</main>", `<a href="/sources/">no base</a><a href="#no-such-id">x</a></main>`),
    );
    const messages = (await checkLinks(dir, CONFIG)).map((p) => p.message);
    assert.equal(messages.length, 2);
    assert.ok(messages.some((m) => /outside the site/.test(m)));
    assert.ok(messages.some((m) => /no element with id "no-such-id"/.test(m)));
  });

  test("javascript: and data: links, however they are written", async () => {
    const dir = await damaged(article, (t) =>
      t.replace(
        "</main>",
        `<a href=" JavaScript:alert(1)">a</a><a href='data:text/html,x'>b</a><a href=&#106;avascript:x>c</a></main>`,
      ),
    );
    const problems = await checkLinks(dir, CONFIG);
    assert.equal(problems.length, 3);
    assert.ok(problems.every((p) => /can run code/.test(p.message)));
  });

  test("a broken sitemap entry, a sitemap the index names but nobody wrote, a broken feed link", async () => {
    const sitemap = await damaged("meridian-wire/sitemap.xml", (t) =>
      t.replace("</urlset>", "<url><loc>https://example.org/archive/nowhere/</loc></url></urlset>"),
    );
    assert.match((await checkLinks(sitemap, CONFIG))[0]!.message, /<loc>.*nowhere/);
    const index = await damaged("sitemap.xml", (t) =>
      t.replace(
        "</sitemapindex>",
        "<sitemap><loc>https://example.org/archive/gone/sitemap.xml</loc></sitemap></sitemapindex>",
      ),
    );
    const [problem] = await checkLinks(index, CONFIG);
    assert.equal(problem!.file, "sitemap.xml");
    assert.match(problem!.message, /<loc>.*gone\/sitemap\.xml/);
    const feed = await damaged("feed.xml", (t) =>
      t.replace(
        /href="https:\/\/example\.org\/archive\/[^"]*changes[^"]*"/,
        'href="https://example.org/archive/lost/"',
      ),
    );
    assert.match((await checkLinks(feed, CONFIG))[0]!.message, /lost/);
  });

  test("and stops the build before the broken site replaces the old one", async () => {
    const out = path.join(work, "previous-dist");
    await cp(site, out, { recursive: true });
    await assert.rejects(
      buildSite({
        root: ROOT,
        contentDir: path.join(ROOT, "content"),
        outDir: out,
        config: CONFIG,
        search: false,
        // A template bug, simulated: the home page links nowhere.
        finish: (dir) =>
          writeFile(path.join(dir, "index.html"), `<a href="/archive/missing/">x</a>`),
      }),
      (error: unknown) => error instanceof SiteCheckError && /missing/.test(error.message),
    );
    assert.equal(
      await readFile(path.join(out, "index.html"), "utf8"),
      await readFile(path.join(site, "index.html"), "utf8"),
    );
  });
});

test("every top-level folder of the built site is a reserved source name, so no source can write over it", async () => {
  const entries = await readdir(site, { withFileTypes: true });
  const routes = entries
    .filter((e) => e.isDirectory() && NAME_PATTERN.test(e.name))
    .map((e) => e.name);
  const sources = new Set(
    (await readdir(path.join(ROOT, "content"), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  );
  for (const route of routes.filter((r) => !sources.has(r))) {
    assert.ok(RESERVED_SOURCE_KEYS.includes(route), `"${route}" is reserved`);
  }
  // Inside a source's folder, the only name that is not an article is its pagination.
  const source = await readdir(path.join(site, "meridian-wire"), { withFileTypes: true });
  const articles = new Set(
    (await readdir(path.join(ROOT, "content/meridian-wire"))).map((f) => f.replace(/\.md$/, "")),
  );
  for (const entry of source.filter((e) => e.isDirectory() && !articles.has(e.name))) {
    assert.ok(RESERVED_SLUGS.includes(entry.name), `"${entry.name}" is reserved`);
  }
});

test("asked to validate (npm run build -- --check), the checks also report invalid HTML", async () => {
  const dir = await mkdtemp(path.join(work, "invalid-"));
  await writeFile(
    path.join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><title>Twice</title></head><body><main><p id="same">a</p><p id="same">b</p></main></body></html>`,
  );
  await checkSite(dir, { root: ROOT, config: CONFIG }); // links alone: nothing to report
  const failed = await checkSite(dir, { root: ROOT, config: CONFIG, validate: true }).catch(
    (error: unknown) => error,
  );
  assert.ok(failed instanceof SiteCheckError);
  assert.match(failed.message, /index\.html:1\s.*same/);
});

test("links read while article files are written are settled against the finished folder", async () => {
  const out = path.join(await mkdtemp(path.join(work, "render-links-")), "dist");
  const failed = await buildSite({
    root: ROOT,
    contentDir: path.join(ROOT, "content"),
    outDir: out,
    config: CONFIG,
    search: false,
    // The source page every one of its articles links to, gone before the check runs.
    finish: (staging) => rm(path.join(staging, "meridian-wire/index.html")),
  }).catch((error: unknown) => error);
  assert.ok(failed instanceof SiteCheckError);
  // Named on an article's own page: those are not read from disk again, so only the links
  // read while they were written can report it.
  const fromArticles = failed.problems.filter((p) => /^meridian-wire\/[^/]+\//.test(p.file));
  assert.ok(fromArticles.length > 0, failed.message);
  assert.match(fromArticles[0]!.message, /no file at \/archive\/meridian-wire\//);
});
