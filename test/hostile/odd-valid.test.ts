// Odd but valid input builds, within the test runner's hang guard, and stays readable:
// a 1 MB paragraph, an article with 500 versions, and a version whose text has nothing
// in common with the one before. (CRLF, BOM, RTL, CJK and emoji are cases in the corpus.)
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { serializeArticle, serializeSources } from "../../scripts/load/index.ts";
import type { VersionFrontmatter } from "../../scripts/load/schema.ts";
import { buildFixture, text, type BuiltSite } from "../support/build.ts";

let work: string;
let site: BuiltSite;

/** Deterministic words, so the big paragraph is text rather than one repeated token. */
function words(count: number, seed: number): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(`w${(x % 5000).toString(36)}`);
  }
  return out.join(" ");
}

const HUGE = words(200_000, 7); // about 1.1 MB in one paragraph

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "diff-archive-odd-"));
  const content = path.join(work, "content");
  await mkdir(path.join(content, "wire"), { recursive: true });
  await writeFile(
    path.join(content, "sources.yaml"),
    serializeSources({
      wire: { name: "Wire", homepage: "https://wire.example.com/", language: "en" },
    }),
  );
  const at = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString();
  const article = (slug: string, versions: VersionFrontmatter[]) =>
    writeFile(
      path.join(content, "wire", `${slug}.md`),
      serializeArticle({ url: `https://wire.example.com/${slug}`, tracking: "active", versions }),
    );
  await article("huge-paragraph", [
    { captured_at: at(0), headline: "A very long paragraph", body: `Short opening.\n\n${HUGE}` },
    {
      captured_at: at(1),
      headline: "A very long paragraph",
      body: `Short opening, edited.\n\n${HUGE} The end.`,
    },
  ]);
  await article(
    "five-hundred-versions",
    Array.from({ length: 500 }, (_, i) => ({
      captured_at: at(i),
      headline: `Live updates, entry ${i + 1}`,
      body: `Latest: update number ${i + 1}.\n\nBackground that stays the same.`,
    })),
  );
  await article("rewritten", [
    {
      captured_at: at(0),
      headline: "Council approves budget",
      body: words(300, 1).replace(/(\S+ ){40}/g, "$&\n\n"),
    },
    {
      captured_at: at(5),
      headline: "Unrelated story in the same place",
      body: words(300, 99).replace(/(\S+ ){40}/g, "$&\n\n"),
    },
  ]);
  site = await buildFixture(content);
});
after(() => rm(work, { recursive: true, force: true }));

test("a 1 MB paragraph is shown whole, and its change is found", { timeout: 600_000 }, async () => {
  const version = await site.page("wire/huge-paragraph/versions/1/");
  const paragraphs = [...version.querySelectorAll(".text p")].map((p) => p.textContent);
  assert.equal(paragraphs[1], HUGE);
  const change = await site.page("wire/huge-paragraph/changes/1-2/");
  assert.ok(text(change.querySelector(".diff")).includes("The end."));
  assert.ok(change.querySelector(".diff ins, .diff .added"), "the addition is marked");
});

test(
  "an article with 500 versions has every version page and lists them all",
  { timeout: 600_000 },
  async () => {
    const files = await site.files();
    const versions = files.filter((f) =>
      /^wire\/five-hundred-versions\/versions\/\d+\/index\.html$/.test(f),
    );
    assert.equal(versions.length, 500);
    const article = await site.page("wire/five-hundred-versions/");
    assert.equal(text(article.querySelector("h1")), "Live updates, entry 500");
    assert.ok(text(article.querySelector("main")).includes("Live updates, entry 1"));
    const last = await site.page("wire/five-hundred-versions/changes/499-500/");
    // The edited paragraph is written once, inline: its newer side is the text without <del>.
    const diff = last.querySelector(".diff")!.cloneNode(true) as Element;
    for (const del of diff.querySelectorAll("del")) del.remove();
    assert.ok(text(diff).includes("update number 500"));
  },
);

test(
  "a version with nothing in common with the previous one reads as removed and added text",
  { timeout: 600_000 },
  async () => {
    const change = await site.page("wire/rewritten/changes/1-2/");
    const rows = [...change.querySelectorAll(".diff .row")];
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => !r.classList.contains("same")),
      "no paragraph is shown as unchanged",
    );
    const old = [...change.querySelectorAll(".diff .cell.old")].map(text).join(" ");
    const now = [...change.querySelectorAll(".diff .cell.new")].map(text).join(" ");
    assert.ok(old.includes(words(300, 1).split(" ")[0]!));
    assert.ok(now.includes(words(300, 99).split(" ")[0]!));
  },
);
