// The corpus of hostile and broken content in test/fixtures/hostile/: one folder per case,
// its content/ and an expected.json saying what must happen. A refused case must be refused
// with a clear message naming each file (in-process and by `npm run build`, without a stack
// trace and without writing anything); a case that builds must show its text as written,
// with nothing injected, every link working and every page valid HTML.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { buildSite } from "../../scripts/build/pipeline.ts";
import { readHtmlValidateConfig, validateHtml } from "../../scripts/check-site/validate-html.ts";
import { loadArchive } from "../../scripts/load/index.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { ROOT } from "../support/build.ts";
import { inspectSite, textOf } from "./inspect.ts";

const CORPUS = path.join(ROOT, "test/fixtures/hostile");

interface ExpectedProblem {
  /** Path relative to the case's content/ folder. */
  file: string;
  line?: number;
  /** A regular expression the message must match. */
  message: string;
}

type Expected = { about: string } & (
  | { outcome: "refused"; problems: ExpectedProblem[]; accepted?: string[] }
  | { outcome: "builds"; pages: { path: string; selector: string; text: string }[] }
);

const cases = readdirSync(CORPUS)
  .filter((name) => existsSync(path.join(CORPUS, name, "expected.json")))
  .sort()
  .map((name) => ({
    name,
    content: path.join(CORPUS, name, "content"),
    expected: JSON.parse(
      readFileSync(path.join(CORPUS, name, "expected.json"), "utf8"),
    ) as Expected,
  }));

const work = await mkdtemp(path.join(tmpdir(), "diff-archive-corpus-"));
after(() => rm(work, { recursive: true, force: true }));

/** Runs `npm run build` the way a person would (without npm's own output). */
function runBuild(
  content: string,
  out: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/build.ts", "--content", content, "--out", out],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("the corpus has both refused and building cases, each explained", () => {
  assert.ok(cases.some((c) => c.expected.outcome === "refused"));
  assert.ok(cases.some((c) => c.expected.outcome === "builds"));
  for (const c of cases) assert.ok(c.expected.about.length > 20, `${c.name} says why it exists`);
});

for (const c of cases) {
  const expected = c.expected;
  if (expected.outcome === "refused") {
    describe(`refused: ${c.name}`, () => {
      test(expected.about, { timeout: 120_000 }, async () => {
        const { archive, problems } = await loadArchive(c.content, { root: c.content });
        for (const want of expected.problems) {
          const found = problems.find(
            (p) =>
              p.file === want.file &&
              (want.line === undefined || p.line === want.line) &&
              new RegExp(want.message).test(p.message),
          );
          assert.ok(
            found,
            `a problem in ${want.file} matching /${want.message}/; got:\n${JSON.stringify(problems, null, 2)}`,
          );
          assert.ok(found.fix.length > 0, "each problem says what to do");
        }
        const named = new Set(expected.problems.map((p) => p.file));
        for (const p of problems)
          assert.ok(named.has(p.file), `no unexpected problem: ${JSON.stringify(p)}`);
        for (const file of expected.accepted ?? []) {
          assert.ok(
            archive.articles.some((a) => a.file === file),
            `${file} is accepted`,
          );
        }
      });

      test(
        "npm run build refuses it, names every file, shows no stack trace and writes nothing",
        { timeout: 120_000 },
        async () => {
          const out = path.join(work, c.name, "dist");
          const { code, stderr } = await runBuild(c.content, out);
          assert.equal(code, 1, stderr);
          for (const want of expected.problems) {
            assert.ok(
              stderr.includes(path.posix.join(path.relative(ROOT, c.content), want.file)),
              `${want.file} is named in:\n${stderr}`,
            );
          }
          assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
          assert.match(stderr, /previous site was left as it was/);
          assert.equal(existsSync(out), false, "nothing was written");
          assert.equal(existsSync("/tmp/pwned"), false, "nothing was evaluated");
        },
      );
    });
  } else {
    describe(`builds: ${c.name}`, () => {
      test(expected.about, { timeout: 300_000 }, async () => {
        const out = path.join(work, c.name, "dist");
        const config = readSiteConfig({ SITE_URL: "https://corpus.example.org/archive/" });
        await buildSite({ root: ROOT, contentDir: c.content, outDir: out, config });
        const site = await inspectSite(out, config.basePath);
        assert.deepEqual(site.findings, [], "nothing injected");
        for (const want of expected.pages) {
          const page = site.pages.get(`${want.path}index.html`);
          assert.ok(page, `${want.path} was built`);
          const texts = [...page.querySelectorAll(want.selector)].map(textOf);
          assert.ok(
            texts.includes(want.text),
            `${want.path} ${want.selector} shows ${JSON.stringify(want.text)}; found ${JSON.stringify(texts)}`,
          );
        }
        assert.deepEqual(
          await validateHtml(out, await readHtmlValidateConfig(ROOT)),
          [],
          "every page is valid HTML",
        );
      });
    });
  }
}
