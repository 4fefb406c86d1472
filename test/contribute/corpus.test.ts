// The real corpus (../shared/corpus/ota-terms.jsonl.xz): 2,723 captures nobody
// here wrote, with lines out of time order, whitespace-only changes and empty
// bodies. Skipped, with a message, where the corpus is not present.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { importLines } from "../../scripts/contribute/importer.ts";
import type { ImportReport } from "../../scripts/contribute/importer.ts";
import { readLines } from "../../scripts/contribute/lines.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { project, runScript, treeHashes } from "./support.ts";

const corpus = resolve(project, "../shared/corpus/ota-terms.jsonl.xz");
const absent = existsSync(corpus)
  ? false
  : `the corpus is not at ${corpus}; put ota-terms.jsonl.xz there to run this test`;

/** Imports the decompressed corpus, streaming from xz, and counts the lines it sent. */
async function importCorpus(contentDir: string): Promise<{ report: ImportReport; sent: number }> {
  const xz = spawn("xz", ["-dc", corpus], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((done) => xz.on("close", done));
  let sent = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const line of readLines(xz.stdout)) {
      sent++;
      yield line;
    }
  }
  const report = await importLines(lines(), { contentDir });
  assert.equal(await exited, 0, "xz could not read the corpus");
  return { report, sent };
}

test(
  "the real corpus imports, accounting for every line, idempotently, into a valid archive",
  { skip: absent, timeout: 15 * 60_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-import-"));
    const content = join(dir, "content");

    const { report, sent } = await importCorpus(content);
    assert.equal(sent, 2723);
    assert.equal(report.lines, sent);
    assert.equal(
      report.created + report.appended + report.skipped.length + report.refused.length,
      sent,
      "every line is created, appended, skipped or refused",
    );
    assert.equal(report.created, 250, "one article per document");
    // The decisions documented in CONTRIBUTING.md, as this corpus exercises them.
    assert.deepEqual(
      report.refused.map((note) => note.line),
      [47, 50, 52],
      "the three empty bodies are refused",
    );
    assert.ok(report.refused.every((note) => note.reason.startsWith('the "body" is empty')));
    assert.equal(report.skipped.length, 21);
    assert.ok(
      report.skipped.every((note) =>
        note.reason.startsWith("no change after normalising whitespace"),
      ),
      "whitespace-only re-captures are skipped as no change",
    );
    assert.deepEqual(report.newSources, ["opentermsarchive"]);

    const { problems, archive } = await loadArchive(content, { root: dir });
    assert.deepEqual(problems, []);
    assert.equal(
      archive.articles.reduce((total, article) => total + article.versions.length, 0),
      report.created + report.appended,
    );

    const before = await treeHashes(content);
    const again = await importCorpus(content);
    assert.deepEqual(await treeHashes(content), before, "a second import changes no byte");
    assert.equal(again.report.created + again.report.appended, 0);
    assert.equal(again.report.refused.length, 3);

    // Building this site takes minutes on a small machine (about 6,200 pages of
    // long documents), so it is opt-in: CORPUS_BUILD=1 npm test.
    if (process.env.CORPUS_BUILD === "1") {
      const build = runScript(
        "scripts/build.ts",
        ["--content", content, "--out", join(dir, "dist")],
        project,
      );
      assert.equal(build.code, 0, build.stderr);
    }
  },
);
