// The export read as a researcher would: the JSON Lines file line by line, and the SQLite file
// with Python's sqlite3 module, never with the project's own code.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./samples.ts";

const dir = mkdtempSync(join(tmpdir(), "export-"));

function exportTo(format: string, out: string): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "scripts/export.ts"),
      "--format",
      format,
      "--out",
      out,
      "--content",
      join(ROOT, "content"),
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { status: result.status, stderr: result.stderr };
}

interface Line {
  article_id: string;
  source: string;
  url: string;
  version: number;
  captured_at: string;
  headline: string;
  byline: string | null;
  standfirst: string | null;
  paragraphs: string[];
  paragraph_since: number[];
  sha256: string;
  change: null | {
    from: number;
    significance: { score: number; label: string; reasons: string[] };
    notice: string | null;
    without_notice: boolean;
  };
}

test("JSON Lines: one object per version with the documented fields, hashes that check out", () => {
  const out = join(dir, "archive.jsonl");
  const run = exportTo("jsonl", out);
  assert.equal(run.status, 0, run.stderr);
  const lines = readFileSync(out, "utf8").split("\n");
  assert.equal(lines.pop(), "");
  const rows = lines.map((line) => JSON.parse(line) as Line);
  assert.equal(rows.length, 55);
  for (const row of rows) {
    for (const field of [
      "article_id",
      "source",
      "url",
      "version",
      "captured_at",
      "headline",
      "byline",
      "standfirst",
      "paragraphs",
      "paragraph_since",
      "sha256",
      "change",
    ]) {
      assert.ok(field in row, `${row.article_id} v${row.version} lacks ${field}`);
    }
    assert.equal(row.paragraph_since.length, row.paragraphs.length);
    const text = `${[row.headline, row.standfirst, row.byline, ...row.paragraphs].filter((p) => p !== null).join("\n\n")}\n`;
    assert.equal(row.sha256, createHash("sha256").update(text, "utf8").digest("hex"));
    if (row.version === 1) assert.equal(row.change, null);
    else {
      assert.equal(row.change!.from, row.version - 1);
      assert.ok(
        ["minor", "small", "substantive", "major"].includes(row.change!.significance.label),
      );
      assert.equal(
        row.change!.without_notice,
        ["substantive", "major"].includes(row.change!.significance.label) &&
          row.change!.notice === null,
      );
    }
  }
  const fire = rows.filter(
    (r) => r.article_id === "meridian-wire/port-ellery-warehouse-fire-paragraphs-deleted",
  );
  assert.deepEqual(
    fire.map((r) => r.version),
    [1, 2, 3],
  );
  assert.equal(fire[1]!.change!.significance.label, "major");
  assert.ok(fire[1]!.change!.significance.reasons.includes("2 paragraphs removed"));
  assert.equal(fire[1]!.change!.without_notice, true);
  const moved = rows.find(
    (r) => r.article_id === "harbour-herald/stadium-vote-paragraphs-moved" && r.version === 3,
  )!;
  assert.ok(moved.paragraph_since.every((v) => v >= 1 && v <= 3));
  assert.ok(moved.paragraph_since.includes(1), "moved, unedited paragraphs keep their origin");
});

test("the jsonl export's hash can be checked with the documented jq filter", (t) => {
  try {
    execFileSync("sh", ["-c", "command -v jq && command -v sha256sum"], { stdio: "ignore" });
  } catch {
    t.skip("skipped: jq or sha256sum is not installed");
    return;
  }
  const out = join(dir, "archive.jsonl");
  const rows = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
  const row = rows.find(
    (r) =>
      r.article_id === "meridian-wire/bank-of-kessmark-rate-rise-byline-standfirst" &&
      r.version === 2,
  )!;
  const sum = execFileSync(
    "sh",
    [
      "-c",
      `jq -j 'select(.article_id == "${row.article_id}" and .version == 2) | ([.headline, .standfirst, .byline] + .paragraphs | map(select(. != null)) | join("\\n\\n")) + "\\n"' '${out}' | sha256sum`,
    ],
    { encoding: "utf8" },
  );
  assert.equal(sum.split(/\s/)[0], row.sha256);
});

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const sqliteReason =
  major < 22 || (major === 22 && minor < 13)
    ? `node:sqlite needs Node 22.13 or later; this is Node ${process.versions.node}`
    : undefined;

test(
  "SQLite on an old Node: one clear line, exit 1, nothing written",
  { skip: sqliteReason === undefined ? "this Node has node:sqlite" : false },
  () => {
    const run = exportTo("sqlite", join(dir, "old.db"));
    assert.equal(run.status, 1);
    assert.match(
      run.stderr.trim(),
      /^SQLite export needs Node 22\.13 or later \(this is Node [\d.]+\)/,
    );
    assert.equal(run.stderr.trim().split("\n").length, 1);
    assert.equal(existsSync(join(dir, "old.db")), false);
  },
);

function python(): string | undefined {
  try {
    execFileSync("python3", ["-c", "import sqlite3"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "python3 with its sqlite3 module is not installed";
  }
}

test(
  "SQLite: NewsEdits-shaped tables, read with Python's sqlite3",
  { skip: sqliteReason ?? python() ?? false },
  () => {
    const out = join(dir, "archive.db");
    const run = exportTo("sqlite", out);
    assert.equal(run.status, 0, run.stderr);
    const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql, *a: [list(r) for r in db.execute(sql, a)]
print(json.dumps({
  "tables": q("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
  "articles": q("SELECT count(*) FROM articles"),
  "versions": q("SELECT count(*) FROM versions"),
  "ops": q("SELECT DISTINCT operation FROM sentence_diffs ORDER BY operation"),
  "quote": q("SELECT from_version, to_version, operation, old_sentence, new_sentence FROM sentence_diffs WHERE article_id = ? AND operation = 'replace' ORDER BY from_version, row_index", "harbour-herald/harbour-dredging-overspend-quote-softened"),
  "fire": q("SELECT operation, old_sentence IS NOT NULL, new_sentence IS NULL FROM sentence_diffs WHERE article_id = ? AND from_version = 1 AND operation = 'delete'", "meridian-wire/port-ellery-warehouse-fire-paragraphs-deleted"),
  "v": q("SELECT significance_label, without_notice, paragraph_since, num_paragraphs FROM versions WHERE article_id = ? AND version = 2", "meridian-wire/port-ellery-warehouse-fire-paragraphs-deleted"),
  "first": q("SELECT significance_label FROM versions WHERE version = 1 AND significance_label IS NOT NULL"),
  "equalcheck": q("SELECT count(*) FROM sentence_diffs WHERE operation = 'equal' AND old_sentence <> new_sentence"),
}))
`;
    const result = JSON.parse(
      execFileSync("python3", ["-c", script, out], { encoding: "utf8" }),
    ) as Record<string, unknown[][]>;
    assert.deepEqual(result["tables"]!.flat(), [
      "articles",
      "sentence_diffs",
      "sentences",
      "versions",
    ]);
    assert.deepEqual(result["articles"], [[17]]);
    assert.deepEqual(result["versions"], [[55]]);
    assert.deepEqual(result["ops"]!.flat(), ["delete", "equal", "insert", "replace"]);
    assert.ok(result["quote"]!.length > 0);
    assert.ok(
      result["quote"]!.some((row) => String(row[3]).includes('"') && row[3] !== row[4]),
      "the softened quotation is a replaced sentence",
    );
    assert.ok(result["fire"]!.length >= 2);
    const [label, without, since, count] = result["v"]![0]!;
    assert.equal(label, "major");
    assert.equal(without, 1);
    assert.equal((JSON.parse(String(since)) as number[]).length, count);
    assert.deepEqual(result["first"], []);
    assert.deepEqual(result["equalcheck"], [[0]]);
  },
);

test("a mistyped option is one line naming the closest option, exit status 2", () => {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/export.ts", "--formt", "jsonl"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  assert.equal(run.status, 2);
  assert.equal(
    run.stderr,
    "npm run export: unknown option --formt (did you mean --format?). See npm run export -- --help.\n",
  );
});

test("wrong use is refused with the usage", () => {
  const run = exportTo("csv", join(dir, "x.csv"));
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--format: expected jsonl or sqlite, found "csv"/);
});

test("content with a problem exports nothing and lists the problem", () => {
  const content = join(dir, "content");
  cpSync(join(ROOT, "content"), content, { recursive: true });
  writeFileSync(
    join(content, "harbour-herald", "broken.md"),
    '---\nurl: "javascript:alert(1)"\nversions: []\n---\n',
  );
  const out = join(dir, "broken.jsonl");
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "scripts/export.ts"),
      "--format",
      "jsonl",
      "--out",
      out,
      "--content",
      content,
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(result.status, 1);
  assert.match(result.stderr, /broken\.md/);
  assert.match(result.stderr, /Nothing was exported/);
  assert.equal(existsSync(out), false);
});
