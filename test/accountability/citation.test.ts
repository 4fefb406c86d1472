// Citing a version: the documented canonical text, its SHA-256 checked with the documented
// jq command, BibTeX that survives hostile headlines, and the "Cite this" block.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  CANONICAL_JQ,
  canonicalText,
  checkCommand,
  citation,
  jsonlCheckCommand,
  versionSha256,
} from "../../scripts/accountability/index.ts";
import type { Version } from "../../scripts/load/index.ts";
import { renderCite } from "../../scripts/render/accountability.ts";

const version: Version = {
  number: 2,
  capturedAt: "2024-03-18T22:12:00+01:00",
  time: Date.parse("2024-03-18T22:12:00+01:00"),
  headline: "Talks “stalled” over {{ 7*7 }} & <script>",
  byline: "Ana Pérez",
  paragraphs: ["Première phrase.", "50% of $10_000 ~ ^\\ #1"],
};

test("the canonical text is headline, standfirst, byline and paragraphs, blank-line separated, ending in a newline", () => {
  assert.equal(
    canonicalText(version),
    "Talks “stalled” over {{ 7*7 }} & <script>\n\nAna Pérez\n\nPremière phrase.\n\n50% of $10_000 ~ ^\\ #1\n",
  );
  assert.equal(
    canonicalText({ ...version, standfirst: "Sub", byline: undefined }),
    "Talks “stalled” over {{ 7*7 }} & <script>\n\nSub\n\nPremière phrase.\n\n50% of $10_000 ~ ^\\ #1\n",
  );
  assert.equal(
    versionSha256(version),
    createHash("sha256")
      .update(Buffer.from(canonicalText(version), "utf8"))
      .digest("hex"),
  );
});

test("the documented jq filter and sha256sum give the same hash from the version's JSON", (t) => {
  try {
    execFileSync("sh", ["-c", "command -v jq && command -v sha256sum"], { stdio: "ignore" });
  } catch {
    t.skip("skipped: jq or sha256sum is not installed");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "cite-"));
  const history = {
    versions: [
      { number: 1, headline: "First", byline: null, standfirst: null, paragraphs: ["One."] },
      {
        number: 2,
        headline: version.headline,
        byline: version.byline,
        standfirst: null,
        paragraphs: version.paragraphs,
      },
    ],
  };
  writeFileSync(join(dir, "history.json"), JSON.stringify(history));
  const command = checkCommand(`file://${join(dir, "history.json")}`, 2);
  assert.ok(command.includes(CANONICAL_JQ));
  const out = execFileSync("sh", ["-c", command], { encoding: "utf8" });
  assert.equal(out.split(/\s/)[0], versionSha256(version));
});

test("the JSON Lines check gives the same hash from the export's line, local or published", (t) => {
  try {
    execFileSync("sh", ["-c", "command -v jq && command -v sha256sum"], { stdio: "ignore" });
  } catch {
    t.skip("skipped: jq or sha256sum is not installed");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "cite-jsonl-"));
  const line = (article_id: string, v: number, paragraphs: string[]) =>
    JSON.stringify({
      article_id,
      version: v,
      headline: version.headline,
      byline: version.byline,
      standfirst: null,
      paragraphs,
    });
  writeFileSync(
    join(dir, "archive.jsonl"),
    [
      line("m/a", 1, ["Other."]),
      line("m/a", 2, version.paragraphs),
      line("m/b", 2, ["Another article."]),
    ].join("\n") + "\n",
  );
  const local = jsonlCheckCommand("m/a", 2);
  assert.equal(local.split(" | ").at(-1), "sha256sum");
  const out = execFileSync("sh", ["-c", local], { cwd: dir, encoding: "utf8" });
  assert.equal(out.split(/\s/)[0], versionSha256(version));
  const published = jsonlCheckCommand("m/a", 2, `file://${join(dir, "archive.jsonl")}`);
  assert.ok(published.startsWith("curl -s 'file://"));
  const fetched = execFileSync("sh", ["-c", published], { encoding: "utf8" });
  assert.equal(fetched.split(/\s/)[0], versionSha256(version));
});

test("BibTeX escapes what LaTeX treats specially and keeps its braces balanced", () => {
  const { bibtex, text } = citation({
    outlet: "Meridian & Wire",
    originalUrl: "https://meridian-wire.test/news/a?x=1&y=50%25#top",
    permalink: "https://archive.example/meridian-wire/talks-stalled/versions/2/",
    version,
    sha256: "ab".repeat(32),
  });
  assert.match(bibtex, /^@misc\{meridian-wire-talks-stalled-v2,\n/);
  assert.ok(bibtex.includes("title = {{Talks “stalled” over \\{\\{ 7*7 \\}\\} \\& <script>}}"));
  assert.ok(bibtex.includes("author = {{Meridian \\& Wire}}"));
  assert.ok(
    bibtex.includes(
      "howpublished = {\\url{https://archive.example/meridian-wire/talks-stalled/versions/2/}}",
    ),
  );
  assert.ok(bibtex.includes("\\url{https://meridian-wire.test/news/a?x=1&y=50\\%25\\#top}"));
  assert.ok(bibtex.includes("note = {Version 2, captured 18 March 2024, 21:12 UTC."));
  assert.ok(bibtex.includes("urldate = {2024-03-18}"));
  assert.ok(bibtex.includes(`sha256 = {${"ab".repeat(32)}}`));
  let depth = 0;
  for (let k = 0; k < bibtex.length; k++) {
    if (bibtex[k] === "\\") {
      k++;
      continue;
    }
    if (bibtex[k] === "{") depth++;
    if (bibtex[k] === "}") depth--;
    assert.ok(depth >= 0, "a closing brace before its opening one");
  }
  assert.equal(depth, 0);
  assert.equal(
    text,
    `Meridian & Wire. “Talks “stalled” over {{ 7*7 }} & <script>”. Version 2, captured 18 March 2024, 21:12 UTC. Originally published at https://meridian-wire.test/news/a?x=1&y=50%25#top. Archived at https://archive.example/meridian-wire/talks-stalled/versions/2/. SHA-256 ${"ab".repeat(32)}.`,
  );
});

test("the Cite this block shows the address, time, hash, command and both citations, all escaped", () => {
  const cited = citation({
    outlet: "Meridian Wire",
    originalUrl: "https://meridian-wire.test/a",
    permalink: "https://archive.example/m/a/versions/2/",
    version,
    sha256: versionSha256(version),
  });
  const markup = renderCite({
    permalink: "https://archive.example/m/a/versions/2/",
    capturedAt: version.time,
    sha256: versionSha256(version),
    command: checkCommand("https://archive.example/m/a/history.json", 2),
    citation: cited,
  })
    .toString()
    .replace(/\s+/g, " ");
  assert.ok(!markup.includes("<script>"));
  assert.ok(markup.includes("&lt;script&gt;"));
  assert.ok(markup.includes('<a href="https://archive.example/m/a/versions/2/">'));
  assert.ok(
    markup.includes('<time datetime="2024-03-18T21:12:00Z">18 March 2024, 21:12 UTC</time>'),
  );
  assert.ok(markup.includes(versionSha256(version)));
  assert.ok(markup.includes("select(.number == 2)"));
  assert.ok(markup.includes("@misc{"));
  assert.equal((markup.match(/<pre/g) ?? []).length, 3);
});

test("folded in a <details>, the block leaves its heading and introduction to the summary", () => {
  const markup = renderCite(
    {
      permalink: "https://archive.example/m/a/versions/2/",
      capturedAt: version.time,
      sha256: versionSha256(version),
      command: jsonlCheckCommand("m/a", 2),
      citation: citation({
        outlet: "Meridian Wire",
        originalUrl: "https://meridian-wire.test/a",
        permalink: "https://archive.example/m/a/versions/2/",
        version,
        sha256: versionSha256(version),
      }),
    },
    { heading: false },
  ).toString();
  assert.ok(markup.includes('aria-labelledby="cite-h"'));
  assert.ok(!markup.includes("<h2"));
  assert.ok(!markup.includes("To check the hash"));
  assert.equal((markup.match(/<pre/g) ?? []).length, 3);
});
