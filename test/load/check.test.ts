// npm run check, as a contributor runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const project = fileURLToPath(new URL("../../", import.meta.url));

function check(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/check.ts", ...args], {
    cwd: project,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("valid content: a one-line summary and exit 0", () => {
  const { code, stdout, stderr } = check("--content", "test/fixtures/load/valid/content");
  assert.equal(stderr, "");
  assert.equal(stdout, "4 articles, 6 versions in 2 sources: content is valid.\n");
  assert.equal(code, 0);
});

test("invalid content: every problem on stderr, and exit 1", () => {
  const { code, stdout, stderr } = check(
    "--content",
    "test/fixtures/load/trees/invalid-sources/content",
  );
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.match(
    stderr,
    /^test\/fixtures\/load\/trees\/invalid-sources\/content\/sources\.yaml\n {2}test\/fixtures\/load\/trees\/invalid-sources\/content\/sources\.yaml:7 → guardian\.homepgae → /,
  );
  assert.match(stderr, /\n4 problems in 1 file\n$/);
  assert.doesNotMatch(stderr, /Error:|\n\s+at /);
});

test("--help explains the command and exits 0", () => {
  const { code, stdout } = check("--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: npm run check/);
  assert.match(stdout, /--content <dir>/);
});

test("an unknown option is a usage error with exit 2", () => {
  const { code, stderr } = check("--contnet", "x");
  assert.equal(code, 2);
  assert.match(stderr, /Unknown option '--contnet'/);
  assert.match(stderr, /Usage:/);
});
