// Accountability as a reader or researcher meets it on the built site: what each change means,
// whether the outlet said so, the lists and feeds that pick such changes, the TimeMap, the
// "since" marks on versions, the cite block's hash and the statistics pages.
import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import Link from "http-link-header";
import { canonicalText, WITHOUT_NOTICE_TEXT } from "../../scripts/accountability/index.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { buildFixture, ROOT, text, type BuiltSite } from "../support/build.ts";

const SITE = "https://archive.example.net/";
let site: BuiltSite;
const hasJq = (() => {
  try {
    execSync("jq --version", { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

before(async () => {
  site = await buildFixture(path.join(ROOT, "test/fixtures/accountability"), { SITE_URL: SITE });
});

const BRIDGE = "ledger/bridge-contract/changes/1-2/";
const HOSPITAL = "ledger/hospital-waiting/changes/1-2/";
const HOSPITAL_MINOR = "ledger/hospital-waiting/changes/2-3/";
const FERRY = "ledger/ferry-timetable/changes/1-2/";

async function significanceOf(sitePath: string) {
  const doc = await site.page(sitePath);
  return {
    label: text(doc.querySelector(".significance .badge strong")),
    reasons: [...doc.querySelectorAll(".significance .reasons li")].map((li) => text(li)),
    notices: [...doc.querySelectorAll(".significance .notice")].map((p) => text(p)),
    without: text(doc.querySelector(".significance .no-notice")),
  };
}

describe("a diff page says what the change means", () => {
  it("names the correction the outlet added", async () => {
    const s = await significanceOf(BRIDGE);
    assert.match(s.label, /^(Substantive|Major) change$/);
    assert.ok(s.reasons.includes("Headline changed"), s.reasons.join(" | "));
    assert.equal(s.notices.length, 1);
    assert.match(s.notices[0]!, /Correction: An earlier version of this article named/);
    assert.equal(s.without, "");
  });

  it("states, without accusing, that changed figures and a quote came with no notice", async () => {
    const s = await significanceOf(HOSPITAL);
    assert.match(s.label, /^(Substantive|Major) change$/);
    assert.ok(
      s.reasons.some((r) => r.startsWith("Figures changed")),
      s.reasons.join(" | "),
    );
    assert.ok(s.reasons.includes("Quotation changed"), s.reasons.join(" | "));
    assert.deepEqual(s.notices, []);
    assert.equal(s.without, `${WITHOUT_NOTICE_TEXT}.`);
  });

  it("calls a punctuation-only edit minor and asks for no notice", async () => {
    for (const p of [HOSPITAL_MINOR, FERRY]) {
      const s = await significanceOf(p);
      assert.equal(s.label, "Minor change", p);
      assert.equal(s.without, "", p);
    }
  });
});

describe("lists and feeds of corrections and of changes without notice", () => {
  const listed = async (sitePath: string) =>
    [...(await site.page(sitePath)).querySelectorAll("ol.changes h2 a")].map((a) =>
      a.getAttribute("href"),
    );

  it("list the right changes on their pages, archive-wide and per source", async () => {
    assert.deepEqual(await listed("corrections/"), [`/${BRIDGE}`]);
    assert.deepEqual(await listed("ledger/corrections/"), [`/${BRIDGE}`]);
    assert.deepEqual(await listed("without-notice/"), [`/${HOSPITAL}`]);
    assert.deepEqual(await listed("ledger/without-notice/"), [`/${HOSPITAL}`]);
    assert.deepEqual((await listed("substantive/")).sort(), [`/${BRIDGE}`, `/${HOSPITAL}`]);
  });

  it("carry the same changes in their Atom feeds", async () => {
    const urls = async (p: string) => parseFeed(await site.read(p)).items.map((i) => i.url);
    assert.deepEqual(await urls("corrections.xml"), [`${SITE}${BRIDGE}`]);
    assert.deepEqual(await urls("ledger/corrections.xml"), [`${SITE}${BRIDGE}`]);
    assert.deepEqual(await urls("without-notice.xml"), [`${SITE}${HOSPITAL}`]);
    assert.deepEqual(await urls("ledger/without-notice.xml"), [`${SITE}${HOSPITAL}`]);
    assert.deepEqual((await urls("substantive.xml")).sort(), [
      `${SITE}${BRIDGE}`,
      `${SITE}${HOSPITAL}`,
    ]);
    assert.deepEqual((await urls("ledger/substantive.xml")).sort(), [
      `${SITE}${BRIDGE}`,
      `${SITE}${HOSPITAL}`,
    ]);
  });

  it("are advertised by the home page and the source page, and linked from them", async () => {
    for (const [page, feeds] of [
      ["", ["substantive.xml", "corrections.xml", "without-notice.xml"]],
      [
        "ledger/",
        ["ledger/substantive.xml", "ledger/corrections.xml", "ledger/without-notice.xml"],
      ],
    ] as const) {
      const doc = await site.page(page);
      const alternates = [
        ...doc.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]'),
      ].map((l) => l.getAttribute("href"));
      for (const f of feeds) assert.ok(alternates.includes(`/${f}`), `${page} advertises ${f}`);
      const links = [...doc.querySelectorAll("a")].map((a) => a.getAttribute("href"));
      const base = page === "" ? "/" : `/${page}`;
      for (const p of ["corrections/", "without-notice/", "statistics/"])
        assert.ok(links.includes(`${base}${p}`), `${page} links ${p}`);
    }
    const home = [...(await site.page("")).querySelectorAll("a")].map((a) =>
      a.getAttribute("href"),
    );
    assert.ok(home.includes("/substantive/"));
  });

  it("show each listed change's label on the home page", async () => {
    const doc = await site.page("");
    const item = [...doc.querySelectorAll("li.change-item")].find(
      (li) => li.querySelector("h2 a")?.getAttribute("href") === `/${HOSPITAL}`,
    );
    assert.match(text(item?.querySelector(".sig")), new RegExp(WITHOUT_NOTICE_TEXT));
  });
});

describe("versions as mementos and citations", () => {
  it("publishes a TimeMap that lists every version with its datetime, linked from the article", async () => {
    const doc = await site.page("ledger/hospital-waiting/");
    const href = doc.querySelector('link[rel="timemap"]')?.getAttribute("href");
    assert.equal(href, "/ledger/hospital-waiting/timemap.link");
    assert.equal(
      doc.querySelector('link[rel="timemap"]')?.getAttribute("type"),
      "application/link-format",
    );
    const links = Link.parse((await site.read(href!.slice(1))).replace(/\n/g, ""));
    assert.equal(links.rel("original")[0]?.uri, "https://ledger.example.com/news/hospital-waiting");
    const mementos = links.refs.filter((r) => r.rel.split(" ").includes("memento"));
    assert.deepEqual(
      mementos.map((m) => [m.uri, new Date(m.datetime!).toISOString()]),
      [
        [`${SITE}ledger/hospital-waiting/versions/1/`, "2025-03-02T07:00:00.000Z"],
        [`${SITE}ledger/hospital-waiting/versions/2/`, "2025-03-02T19:00:00.000Z"],
        [`${SITE}ledger/hospital-waiting/versions/3/`, "2025-03-03T09:00:00.000Z"],
      ],
    );
  });

  it("marks the paragraphs a version changed, linked to the change that did", async () => {
    const v1 = await site.page("ledger/hospital-waiting/versions/1/");
    assert.equal(v1.querySelectorAll(".since").length, 0, "version 1: everything stands since 1");
    const v3 = await site.page("ledger/hospital-waiting/versions/3/");
    assert.match(text(v3.querySelector(".since-note")), /without a mark .* since version 1/);
    // Each mark stands just before its paragraph, outside its text.
    const marks = [...v3.querySelectorAll(".text p")].map((p) => {
      const mark = p.previousElementSibling?.matches(".since") ? p.previousElementSibling : null;
      return [p.id, text(mark), mark?.getAttribute("href") ?? null];
    });
    assert.deepEqual(marks, [
      ["p1", "unchanged since version 2", `/${HOSPITAL}`],
      // The curly quotes of version 3 are a minor edit: the paragraph keeps its origin.
      ["p2", "unchanged since version 2", `/${HOSPITAL}`],
      ["p3", "", null],
    ]);
  });

  it("gives version 1 a check command that prints its hash from history.json", async (t) => {
    if (!hasJq) return t.skip("jq is not installed");
    const doc = await site.page("ledger/bridge-contract/versions/1/");
    const url = `${SITE}ledger/bridge-contract/history.json`;
    const command = doc.querySelector(".cite .command")!.textContent!;
    assert.ok(command.startsWith(`curl -s '${url}' | `), command);
    const local = command.replace(
      `curl -s '${url}'`,
      `cat '${path.join(site.dir, "ledger/bridge-contract/history.json")}'`,
    );
    assert.equal(
      execSync(local, { shell: "/bin/bash" }).toString().split(" ")[0],
      text(doc.querySelector(".cite code.hash")),
    );
  });

  it("gives a SHA-256 that the documented canonical text reproduces", async () => {
    const dir = path.join(ROOT, "test/fixtures/accountability");
    const { archive } = await loadArchive(dir, { root: ROOT });
    const article = archive.articles.find((a) => a.slug === "bridge-contract")!;
    const v = article.versions[1]!;
    const expected = createHash("sha256").update(canonicalText(v), "utf8").digest("hex");
    for (const page of ["ledger/bridge-contract/versions/2/", BRIDGE]) {
      const doc = await site.page(page);
      assert.equal(text(doc.querySelector(".cite code.hash")), expected, page);
      assert.match(text(doc.querySelector(".cite .command")), /archive\.jsonl \| sha256sum$/);
      assert.match(text(doc.querySelector(".citation-text")), /Version 2, captured 1 March 2025/);
      assert.match(text(doc.querySelector(".citation-bibtex")), /^@misc\{/);
      assert.ok(doc.querySelector("details.cite-box > summary"), "folded");
    }
  });
});

describe("statistics pages", () => {
  it("draw an SVG chart with its figures in a table, archive-wide and per source", async () => {
    for (const p of ["statistics/", "ledger/statistics/"]) {
      const doc = await site.page(p);
      assert.ok(doc.querySelector("svg"), `${p} has a chart`);
      assert.ok(doc.querySelector("table"), `${p} has a table`);
      assert.match(text(doc.querySelector("main")), /Articles tracked\s*3/);
    }
  });
});

describe("the data set, when the deployer asks for it", () => {
  it("is off by default", async () => {
    assert.ok(!(await site.files()).includes("data/archive.jsonl"));
  });

  it("publishes every version as JSON Lines, linked from the home page, hashes matching the cite blocks", async () => {
    const withData = await buildFixture(path.join(ROOT, "test/fixtures/accountability"), {
      SITE_URL: SITE,
      SITE_DATASET: "jsonl",
    });
    const lines = (await withData.read("data/archive.jsonl")).trimEnd().split("\n");
    const records = lines.map(
      (l) => JSON.parse(l) as { article_id: string; version: number; sha256: string },
    );
    assert.deepEqual(
      records.map((r) => `${r.article_id} ${r.version}`),
      [
        "ledger/bridge-contract 1",
        "ledger/bridge-contract 2",
        "ledger/ferry-timetable 1",
        "ledger/ferry-timetable 2",
        "ledger/hospital-waiting 1",
        "ledger/hospital-waiting 2",
        "ledger/hospital-waiting 3",
      ],
    );
    const doc = await withData.page("ledger/bridge-contract/versions/2/");
    const shown = text(doc.querySelector(".cite code.hash"));
    assert.equal(shown, records[1]!.sha256);
    // The page's own check command, run on the published file, prints that hash.
    const command = doc.querySelector(".cite .command")!.textContent!;
    const dataset = `${SITE}data/archive.jsonl`;
    assert.ok(command.startsWith(`curl -s '${dataset}' | `), command);
    if (hasJq) {
      const local = command.replace(
        `curl -s '${dataset}'`,
        `cat '${path.join(withData.dir, "data/archive.jsonl")}'`,
      );
      assert.equal(execSync(local, { shell: "/bin/bash" }).toString().split(" ")[0], shown);
    }
    const home = [...(await withData.page("")).querySelectorAll("a")].map((a) =>
      a.getAttribute("href"),
    );
    assert.ok(home.includes("/data/archive.jsonl"));
  });
});
