// npm run check, as a contributor runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { annotation, escapeData, escapeProperty } from "../../scripts/contribute/annotations.ts";
import { commandEnv } from "../contribute/support.ts";

const project = fileURLToPath(new URL("../../", import.meta.url));

function check(...args: string[]) {
  return checkWith({}, ...args);
}

/** The check with these environment variables (and none that would change its output). */
function checkWith(extra: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/check.ts", ...args], {
    cwd: project,
    env: commandEnv(extra),
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

test("an unknown option is one line naming the closest option, exit 2, no stack trace", () => {
  const { code, stdout, stderr } = check("--contnet", "x");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    "npm run check: unknown option --contnet (did you mean --content?). See npm run check -- --help.\n",
  );
  const bogus = check("--bogus");
  assert.equal(bogus.code, 2);
  assert.equal(
    bogus.stderr,
    "npm run check: unknown option --bogus. See npm run check -- --help.\n",
  );
});

const INVALID = "test/fixtures/load/trees/invalid-sources/content";

test("in GitHub Actions, every problem is also a workflow annotation on its file and line", () => {
  const { code, stdout, stderr } = checkWith({ GITHUB_ACTIONS: "true" }, "--content", INVALID);
  assert.equal(code, 1);
  const annotations = stdout.trimEnd().split("\n");
  assert.equal(annotations.length, 4, stdout);
  assert.equal(
    annotations[0],
    `::error file=${INVALID}/sources.yaml,line=7,title=Content problem%3A guardian.homepgae::` +
      'expected one of the fields name, homepage, language, description, capture, notices, found the unknown field "homepgae" → did you mean "homepage"? rename the field',
  );
  for (const line of annotations) assert.match(line, /^::error file=[^,]+,line=\d+,title=[^:]+::/);
  // The report for people is the same as anywhere else.
  assert.equal(stderr, check("--content", INVALID).stderr);
  // Not in GitHub Actions: no annotations.
  assert.equal(check("--content", INVALID).stdout, "");
});

test("annotations escape what would end or change the command", () => {
  assert.equal(escapeData("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
  assert.equal(escapeProperty("a,b: 50%\n"), "a%2Cb%3A 50%25%0A");
  assert.equal(
    annotation({
      file: "content/wire/a,b:c.md",
      line: 3,
      field: "versions[0].headline",
      message: 'expected some text, found "50%\nmore"',
      fix: "write the headline",
    }),
    '::error file=content/wire/a%2Cb%3Ac.md,line=3,title=Content problem%3A versions[0].headline::expected some text, found "50%25%0Amore" → write the headline',
  );
  // No line known, no field: the annotation is on the file, titled by its kind.
  assert.equal(
    annotation(
      { file: "content/sources.yaml", field: "", message: "not YAML", fix: "" },
      "Refused change",
    ),
    "::error file=content/sources.yaml,title=Refused change::not YAML",
  );
});

test("colour on a terminal only: a log and NO_COLOR get plain text", () => {
  const plain = check("--content", INVALID);
  assert.doesNotMatch(plain.stderr, /\x1b\[/);
  const forced = checkWith({ FORCE_COLOR: "1" }, "--content", INVALID);
  assert.match(forced.stderr, /\x1b\[1m\x1b\[31m4 problems in 1 file\x1b\[39m\x1b\[22m\n$/);
  assert.equal(forced.stderr.replace(/\x1b\[\d+m/g, ""), plain.stderr);
  const valid = checkWith({ FORCE_COLOR: "1" }, "--content", "test/fixtures/load/valid/content");
  assert.equal(
    valid.stdout,
    "\x1b[32m4 articles, 6 versions in 2 sources: content is valid.\x1b[39m\n",
  );
  // NO_COLOR over FORCE_COLOR is terminal.test.ts's (Node warns when a process has both).
  assert.equal(checkWith({ NO_COLOR: "1" }, "--content", INVALID).stderr, plain.stderr);
});
