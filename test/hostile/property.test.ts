// Property tests: generated hostile text in every field of a small archive, built for real,
// and the output read back with real parsers. Nothing the content says may become markup,
// a script, an event handler or a link that runs code; every text appears as written.
// Runs: HOSTILE_RUNS (default 20) archives per property, each built in-process.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { buildSite } from "../../scripts/build/pipeline.ts";
import {
  normaliseLine,
  normaliseParagraphs,
  serializeArticle,
  serializeSources,
} from "../../scripts/load/index.ts";
import type { ArticleFrontmatter, SourceDescription } from "../../scripts/load/schema.ts";
import { WebUrl } from "../../scripts/load/schema.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { ROOT } from "../support/build.ts";
import { inspectSite, MARKER_TAG, textOf, type InspectedSite } from "./inspect.ts";

const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);
const BASE = "/archive/";
const CONFIG = readSiteConfig({ SITE_URL: `https://hostile.example.net${BASE}` });

/** Pieces of text that would do something if any layer treated text as code. */
export const PAYLOADS = [
  `<script>window.${MARKER_TAG}=1</script>`,
  `<${MARKER_TAG}-a>`,
  `<img src=x onerror="window.${MARKER_TAG}=1">`,
  `<svg onload=alert(1)>`,
  `<a href="javascript:alert(1)" ${MARKER_TAG}="1">x</a>`,
  `"><${MARKER_TAG}-b ${MARKER_TAG}="1">`,
  `' onmouseover='alert(1)`,
  `</ins><${MARKER_TAG}-c>`,
  `</del></p></div><${MARKER_TAG}-d>`,
  "<ins>not really inserted</ins>",
  "</title><script>alert(1)</script>",
  "</textarea></script></style>",
  "<!-- -->",
  "<![CDATA[ ]]>",
  "]]>",
  "{{ 7*7 }}",
  "{{{ 7*7 }}}",
  "{% raw %}{{ site }}{% endraw %}",
  "{%- include 'x' -%}",
  "<%= 7*7 %>",
  "<% process.exit() %>",
  "${7*7}",
  "#{7*7}",
  "{{+ excerpt +}}",
  "{{#if meta}}x{{/if}}",
  "@{7*7}",
  "&amp; &lt;b&gt; &#60;i&#62; &#x3C;",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "\u202eevil\u202c",
  "\u2066isolate\u2069 \u200f\u200e",
  "zero\u200bwidth\u200d\u2060join\ufeff",
  `'single' "double" \`back\` «guillemets» „low“ ‘curly’`,
  '\\"escaped\\" \\n \\u0041',
  "مرحبا بالعالم",
  "日本語のテキスト",
  "emoji 👩‍👩‍👧 🏳️‍🌈",
  "*emphasis* _under_ `code` [link](javascript:alert(1))",
];

const words = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,12}$/);

/** Hostile text: payloads and ordinary words and arbitrary strings, mixed. */
const hostile = fc
  .array(
    fc.oneof(fc.constantFrom(...PAYLOADS), words, fc.string({ unit: "grapheme", maxLength: 8 })),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => parts.join(" "))
  .filter((text) => normaliseLine(text) !== "");

/** A hostile path and query that still make an http(s) address. */
const hostileUrl = (n: number) =>
  fc.tuple(hostile, hostile).map(([p, q]) => `https://news.example.com/${n}/${p}?q=${q}`);

const note = fc
  .array(
    fc.constantFrom(
      ...PAYLOADS,
      `<div onclick="x">raw block</div>`,
      `[click](javascript:alert(1))`,
      `[data](data:text/html;base64,PHNjcmlwdD4=)`,
      `![tracker](https://evil.example/t.png)`,
      `<javascript:alert(1)>`,
      `<${MARKER_TAG}-e>`,
      "    indented <b>code</b>",
      "> quote <i>x</i>",
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((lines) => lines.join("\n\n"));

interface GeneratedArticle {
  slug: string;
  frontmatter: ArticleFrontmatter;
  note?: string;
}

const article = (n: number) =>
  fc
    .record({
      url: hostileUrl(n),
      headlines: fc.tuple(hostile, hostile),
      byline: fc.option(hostile, { nil: undefined }),
      standfirst: fc.option(hostile, { nil: undefined }),
      archive: fc.option(hostileUrl(n), { nil: undefined }),
      bodies: fc.tuple(
        fc.array(hostile, { minLength: 1, maxLength: 4 }),
        fc.array(hostile, { minLength: 1, maxLength: 4 }),
      ),
      note: fc.option(note, { nil: undefined }),
    })
    .filter(
      (a) =>
        WebUrl.safeParse(a.url).success &&
        (a.archive === undefined || WebUrl.safeParse(a.archive).success),
    )
    .map((a): GeneratedArticle => ({
      slug: `article-${n}`,
      frontmatter: {
        url: a.url,
        tracking: "active",
        versions: [
          {
            captured_at: "2024-05-01T09:00:00Z",
            headline: a.headlines[0],
            ...(a.byline === undefined ? {} : { byline: a.byline }),
            body: a.bodies[0].join("\n\n"),
          },
          {
            captured_at: "2024-05-01T17:30:00+02:00",
            headline: `${a.headlines[1]} (updated)`,
            ...(a.standfirst === undefined ? {} : { standfirst: a.standfirst }),
            ...(a.archive === undefined ? {} : { archive_url: a.archive }),
            body: [...a.bodies[1], "A new closing paragraph."].join("\n\n"),
          },
        ],
      },
      ...(a.note === undefined ? {} : { note: a.note }),
    }));

const archive = fc.record({
  source: fc.record({ name: hostile, description: hostile }),
  articles: fc.tuple(article(1), article(2), article(3)),
});

async function writeArchive(
  dir: string,
  source: Pick<SourceDescription, "name" | "description">,
  articles: readonly GeneratedArticle[],
): Promise<void> {
  await mkdir(path.join(dir, "hostile"), { recursive: true });
  await writeFile(
    path.join(dir, "sources.yaml"),
    serializeSources({
      hostile: { ...source, homepage: "https://news.example.com/", language: "en" },
    }),
  );
  for (const a of articles) {
    await writeFile(
      path.join(dir, "hostile", `${a.slug}.md`),
      serializeArticle(a.frontmatter, a.note),
    );
  }
}

/** Builds, turning a failure into one message with every cause (Eleventy nests them). */
async function build(content: string, out: string): Promise<void> {
  try {
    await buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG });
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause)
      messages.push(`${e.name}: ${e.message}`);
    throw new Error(`the archive in ${content} did not build:\n${messages.join("\n")}`);
  }
}

function assertClean(site: InspectedSite): void {
  assert.deepEqual(site.findings, [], "nothing the content said became markup or a dangerous link");
}

function assertLiteral(
  site: InspectedSite,
  source: { name: string; description?: string },
  articles: readonly GeneratedArticle[],
): void {
  const page = (p: string) => {
    const doc = site.pages.get(`${p}index.html`);
    assert.ok(doc, `page ${p} was built`);
    return doc;
  };
  const sourcePage = page("hostile/");
  // sources.yaml values are trimmed, not folded: compare as a reader sees them.
  const fold = (text: string) => text.replace(/\s+/g, " ").trim();
  assert.equal(textOf(sourcePage.querySelector("h1")), fold(source.name));
  assert.ok(textOf(sourcePage.querySelector("main")).includes(fold(source.description!)));
  for (const a of articles) {
    const [v1, v2] = a.frontmatter.versions as [
      ArticleFrontmatter["versions"][0],
      ArticleFrontmatter["versions"][0],
    ];
    const articlePage = page(`hostile/${a.slug}/`);
    assert.equal(
      textOf(articlePage.querySelector("h1")),
      normaliseLine(v2.headline),
      "headline shown as written",
    );
    assert.ok(
      textOf(articlePage.querySelector("title")).startsWith(normaliseLine(v2.headline)),
      "page title holds the headline",
    );
    const link = articlePage.querySelector("a.url");
    assert.equal(
      link?.getAttribute("href"),
      a.frontmatter.url.trim(),
      "article address kept in the attribute",
    );
    assert.equal(textOf(link), a.frontmatter.url.trim().replace(/\s+/g, " "));

    for (const [number, v] of [
      [1, v1],
      [2, v2],
    ] as const) {
      const versionPage = page(`hostile/${a.slug}/versions/${number}/`);
      assert.equal(textOf(versionPage.querySelector("h1")), normaliseLine(v.headline));
      const paragraphs = [...versionPage.querySelectorAll(".text p")].map(
        (p) => p.textContent ?? "",
      );
      assert.deepEqual(
        paragraphs,
        normaliseParagraphs(v.body ?? ""),
        "every paragraph shown as written",
      );
      if (v.byline)
        assert.equal(textOf(versionPage.querySelector(".byline")), normaliseLine(v.byline));
      if (v.standfirst)
        assert.equal(textOf(versionPage.querySelector(".standfirst")), normaliseLine(v.standfirst));
      if (v.archive_url) {
        const archived = [...versionPage.querySelectorAll("a")].find(
          (x) => textOf(x) === "archived copy",
        );
        assert.equal(archived?.getAttribute("href"), v.archive_url.trim());
      }
    }

    // The diff page: removed and added words are marked, and the text around them is still literal.
    const change = page(`hostile/${a.slug}/changes/1-2/`);
    const after = [...change.querySelectorAll(".fields .field")].find((f) =>
      textOf(f.querySelector("dt")).startsWith("Headline"),
    );
    if (after) assert.equal(textOf(after.querySelector(".after p")), normaliseLine(v2.headline));

    // Feeds carry the headline in entry titles, and JSON the exact normalised text.
    const feed = site.feeds.get(`hostile/${a.slug}/feed.xml`);
    assert.ok(feed, "the article's feed was built");
    const titles = [...feed.querySelectorAll("entry > title")].map((t) => t.textContent ?? "");
    assert.ok(
      titles.some((t) => t.includes(normaliseLine(v2.headline))),
      "feed entry titles hold the headline",
    );
    const history = JSON.stringify(site.json.get(`hostile/${a.slug}/history.json`));
    assert.ok(
      history.includes(JSON.stringify(normaliseLine(v2.headline))),
      "history.json holds the headline",
    );
    assert.ok(
      history.includes(JSON.stringify(a.frontmatter.url.trim())),
      "history.json holds the address",
    );

    if (a.note) {
      const note = articlePage.querySelector(".note");
      assert.ok(note, "the editor's note is shown");
      // Raw HTML in a note is text: its tag names are visible, never elements.
      if (a.note.includes(`<${MARKER_TAG}-e>`))
        assert.ok(textOf(note).includes(`<${MARKER_TAG}-e>`));
    }
  }
}

describe("hostile text in every field", () => {
  test(
    "never becomes markup, script or a dangerous link, and is shown literally in pages, titles, feeds and JSON",
    { timeout: 30 * 60_000 },
    async () => {
      const work = await mkdtemp(path.join(tmpdir(), "diff-archive-hostile-"));
      try {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(archive, async ({ source, articles }) => {
            const content = path.join(work, `content-${run}`);
            const out = path.join(work, `dist-${run}`);
            run++;
            await writeArchive(content, source, articles);
            await build(content, out);
            const site = await inspectSite(out, BASE);
            assertClean(site);
            assertLiteral(site, source, articles);
            await rm(content, { recursive: true, force: true });
            await rm(out, { recursive: true, force: true });
          }),
          {
            numRuns: RUNS,
            endOnFailure: true,
            includeErrorInReport: true,
            ...(process.env.HOSTILE_SEED ? { seed: Number(process.env.HOSTILE_SEED) } : {}),
          },
        );
      } finally {
        if (!process.env.HOSTILE_KEEP) await rm(work, { recursive: true, force: true });
      }
    },
  );
});
