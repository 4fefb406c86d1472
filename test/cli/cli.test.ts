// The commands' shared command line: how a module knows it runs as the command, and how a
// mistyped option is answered (one line, exit code 2, no stack trace).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "node:test";
import { isMain, parseCommandLine } from "../../scripts/cli.ts";
import { commandEnv } from "../contribute/support.ts";

function sink() {
  let text = "";
  return {
    write(chunk: string) {
      text += chunk;
    },
    get text() {
      return text;
    },
  };
}

const spec = {
  command: "npm run check",
  options: {
    content: { type: "string", default: "content" },
    base: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
  help: "Usage: npm run check -- [--content <dir>] [--base <git-ref>]",
} as const;

function parse(...argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const result = parseCommandLine(argv, { ...spec, stdout, stderr });
  return { result, stdout: stdout.text, stderr: stderr.text };
}

test("isMain recognises the script under a path with spaces, non-ASCII letters and a link", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "cli-main-"));
  try {
    const folder = path.join(dir, "My Archive ÆØ");
    await mkdir(folder);
    const script = path.join(folder, "check.ts");
    await writeFile(script, "");
    const url = pathToFileURL(script).href;
    assert.match(url, /My%20Archive%20%C3%86%C3%98/);
    assert.equal(isMain(url, script), true);
    // The comparison it replaces: no URL has an unescaped space.
    assert.notEqual(url, `file://${script}`);
    // Started through a symbolic link: Node gives the module its real path.
    const link = path.join(dir, "linked.ts");
    await symlink(script, link);
    assert.equal(isMain(url, link), true);
    assert.equal(isMain(url, path.join(folder, "other.ts")), false);
    assert.equal(isMain(url, undefined), false);
    assert.equal(isMain(url, ""), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("parseCommandLine gives the values, with defaults", () => {
  const { result, stderr } = parse("--base", "origin/main");
  assert.equal(stderr, "");
  assert.equal(result.exitCode, undefined);
  if (result.exitCode !== undefined) return;
  assert.equal(result.values.base, "origin/main");
  assert.equal(result.values.content, "content");
  assert.equal(result.values.quiet, false);
  assert.deepEqual(result.positionals, []);
});

test("--help and -h print the usage on standard output and end with 0", () => {
  for (const flag of ["--help", "-h"]) {
    const { result, stdout, stderr } = parse(flag);
    assert.deepEqual(result, { exitCode: 0 });
    assert.equal(stdout, `${spec.help}\n`);
    assert.equal(stderr, "");
  }
});

test("an unknown option is one line on standard error, exit code 2, with the closest option", () => {
  assert.deepEqual(parse("--bsae", "origin/main"), {
    result: { exitCode: 2 },
    stdout: "",
    stderr:
      "npm run check: unknown option --bsae (did you mean --base?). See npm run check -- --help.\n",
  });
  // Nothing near: no guess.
  assert.equal(
    parse("--bogus").stderr,
    "npm run check: unknown option --bogus. See npm run check -- --help.\n",
  );
  assert.equal(
    parse("--contnet=x").stderr,
    "npm run check: unknown option --contnet (did you mean --content?). See npm run check -- --help.\n",
  );
  assert.equal(
    parse("-x").stderr,
    "npm run check: unknown option -x. See npm run check -- --help.\n",
  );
});

test("a missing value, a value for a switch and a stray argument are said plainly", () => {
  assert.equal(
    parse("--base").stderr,
    "npm run check: option --base needs a value: --base <value>. See npm run check -- --help.\n",
  );
  assert.equal(
    parse("--quiet=yes").stderr,
    "npm run check: option --quiet takes no value. See npm run check -- --help.\n",
  );
  assert.equal(
    parse("content").stderr,
    'npm run check: unexpected argument "content": this command takes options only. See npm run check -- --help.\n',
  );
  for (const argv of [["--base"], ["--quiet=yes"], ["content"]]) {
    const { result, stderr } = parse(...argv);
    assert.deepEqual(result, { exitCode: 2 });
    assert.equal(stderr.split("\n").length, 2, "one line");
  }
});

test("positionals are given when the command takes them", () => {
  const result = parseCommandLine(["captures.jsonl", "--quiet"], {
    ...spec,
    command: "npm run import",
    allowPositionals: true,
  });
  assert.equal(result.exitCode, undefined);
  if (result.exitCode !== undefined) return;
  assert.deepEqual(result.positionals, ["captures.jsonl"]);
  assert.equal(result.values.quiet, true);
});

test("the commands run from a checkout whose path has spaces and non-ASCII letters", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const parent = await mkdtemp(path.join(tmpdir(), "cli-path-"));
  const copy = path.join(parent, "My Archive ÆØ");
  try {
    await mkdir(copy);
    for (const entry of [
      "package.json",
      "package-lock.json",
      ".eleventy.ts",
      "scripts",
      "templates",
      "content",
    ]) {
      await cp(path.join(root, entry), path.join(copy, entry), { recursive: true });
    }
    await symlink(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
    const npm = (...args: string[]) =>
      spawnSync("npm", ["run", "--silent", ...args], {
        cwd: copy,
        encoding: "utf8",
        env: commandEnv(),
      });
    const check = npm("check");
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /content is valid\.\n$/);
    for (const command of ["import", "add-version", "bench"]) {
      const help = npm(command, "--", "--help");
      assert.equal(help.status, 0, `${command}: ${help.stderr}`);
      assert.match(help.stdout, new RegExp(`^Usage: npm run ${command}`), command);
    }
    // The build writes the site there (it used to exit 0 and write nothing).
    const build = npm("build");
    assert.equal(build.status, 0, build.stderr);
    assert.ok(existsSync(path.join(copy, "dist", "index.html")), build.stdout);
    const wrong = npm("build", "--", "--bogus");
    assert.equal(wrong.status, 2);
    assert.equal(
      wrong.stderr,
      "npm run build: unknown option --bogus. See npm run build -- --help.\n",
    );
    const mistake = npm("check", "--", "--bsae", "main");
    assert.equal(mistake.status, 2);
    assert.equal(
      mistake.stderr,
      "npm run check: unknown option --bsae (did you mean --base?). See npm run check -- --help.\n",
    );
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test("every command answers a mistyped option in one line with exit code 2", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const commands: [script: string, command: string, typo: string, meant?: string][] = [
    ["scripts/check.ts", "npm run check", "--bsae", "base"],
    ["scripts/import.ts", "npm run import", "--langauge", "language"],
    ["scripts/add-version.ts", "npm run add-version", "--hedline", "headline"],
    ["scripts/start.ts", "npm start", "--prot", "port"],
    ["scripts/bench.ts", "npm run bench", "--szie", "size"],
    ["scripts/schema.ts", "npm run schema", "--chekc", "check"],
    ["scripts/screenshots.ts", "node --import tsx scripts/screenshots.ts", "--bogus"],
  ];
  for (const [script, command, typo, meant] of commands) {
    const result = spawnSync(process.execPath, ["--import", "tsx", script, typo], {
      cwd: root,
      encoding: "utf8",
      env: commandEnv(),
    });
    assert.equal(result.status, 2, `${script}: ${result.stderr}`);
    assert.equal(
      result.stderr,
      `${command}: unknown option ${typo}${meant ? ` (did you mean --${meant}?)` : ""}. See ${command}${command.startsWith("npm") ? " --" : ""} --help.\n`,
    );
    assert.equal(result.stdout, "");
  }
});
