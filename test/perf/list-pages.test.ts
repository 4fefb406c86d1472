// An incremental build renders its list pages by calling the templates itself; they must be
// the very files Eleventy writes from the same templates and data.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { writeArchive } from "../../scripts/bench/generate.ts";
import { outputFile, renderListPages } from "../../scripts/build/list-pages.ts";
import { prepareSite, setPreparedSite } from "../../scripts/build/prepare.ts";
import { runEleventy } from "../../scripts/build/shards.ts";
import { ASSETS_ROOT } from "../../scripts/site/paths.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { assertSameSite, tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
let work = "";
after(() => rm(work, { recursive: true, force: true }));

describe("list pages without Eleventy", () => {
  it("are the files Eleventy writes from the same templates, byte for byte", async () => {
    work = await mkdtemp(path.join(tmpdir(), "list-pages-"));
    const content = path.join(work, "content");
    // Enough for archive pages of every list (home, headlines, a source), and two languages.
    await writeArchive(content, { articles: 140, seed: 8, sources: 3 });
    const site = await prepareSite({
      contentDir: content,
      config: readSiteConfig({ SITE_URL: "https://archive.example.net/news/" }),
    });
    assert.ok(site.render.home.length > 1, "the home list has archive pages");
    setPreparedSite(site);
    try {
      const byEleventy = path.join(work, "eleventy");
      const direct = path.join(work, "direct");
      const count = await runEleventy(ROOT, byEleventy);
      const written = await renderListPages(ROOT, direct, site);

      const expected = new Map(
        [...(await tree(byEleventy))].filter(([file]) => !file.startsWith(ASSETS_ROOT)),
      );
      const actual = await tree(direct);
      assertSameSite(actual, expected);
      assert.deepEqual([...written].sort(), [...actual.keys()]);
      // Eleventy counts the pages of its templates (not what it copies, nor the bundled scripts).
      assert.equal(written.length, count);
    } finally {
      setPreparedSite(undefined);
    }
  });

  it("write a permalink as Eleventy does, and refuse one that is not a file", () => {
    assert.equal(outputFile("home.11ty.ts", "/page/2/"), "page/2/index.html");
    assert.equal(outputFile("home.11ty.ts", "/"), "index.html");
    assert.equal(outputFile("feed-global.11ty.ts", "/feed.xml"), "feed.xml");
    assert.throws(() => outputFile("x.11ty.ts", "/a/../../etc/passwd"), /is not a file/);
    assert.throws(() => outputFile("x.11ty.ts", "/a//b.html"), /is not a file/);
    // The template's author is told how to build meanwhile.
    assert.throws(() => outputFile("x.11ty.ts", "/a//b.html"), /npm run build -- --no-cache/);
  });
});
