// `npm run build` runs the build as JavaScript compiled from its TypeScript
// (scripts/launch.mjs). Readers must not be able to tell: the compiled build, with its worker
// threads, Eleventy's compiled config and templates and an incremental rebuild, writes the
// same site, byte for byte, as the TypeScript run by tsx. And a contributor who edits a module
// gets that edit in the next build, never stale compiled code.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  appendVersion,
  articleFile,
  AFTER_ARCHIVE,
  generateArticle,
  writeArchive,
} from "../../scripts/bench/generate.ts";
import { npmBuildArgs } from "../../scripts/bench/measure.ts";
import { buildSite } from "../../scripts/build/pipeline.ts";
import { serializeArticle } from "../../scripts/load/write.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { compiledCode, ENTRIES } from "../../scripts/launch.mjs";
import { assertSameSite, tree } from "../support/tree.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SITE_URL = "https://archive.example.net/";

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "compiled-"));
});
after(() => rm(work, { recursive: true, force: true }));

/**
 * `npm run build -- …` as package.json runs it; resolves with its output, fails on exit ≠ 0.
 * Node preloads test/support/no-tsx.cjs: the compiled build and every thread it starts must
 * run without tsx (a thread that fell back to TypeScript would write the same site, slower).
 */
async function npmRunBuild(args: string[]): Promise<string> {
  const noTsx = path.join(ROOT, "test/support/no-tsx.cjs");
  const words = await npmBuildArgs(ROOT);
  const child = spawn(process.execPath, ["--require", noTsx, ...words, ...args], {
    cwd: ROOT,
    env: { ...process.env, SITE_URL },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, `the build failed:\n${output}`);
  return output;
}

describe("the compiled build", () => {
  it("writes the same site as the TypeScript, in full and incremental builds", async () => {
    // Enough articles for every thread the build starts: article workers (64 articles or
    // more) and one search indexer per core.
    const content = path.join(work, "content");
    await writeArchive(content, { articles: 320, seed: 3, sources: 3 });
    const compiled = path.join(work, "compiled");
    const cache = path.join(work, "cache");
    const reference = path.join(work, "reference");
    const typescript = () =>
      buildSite({
        root: ROOT,
        contentDir: content,
        outDir: reference,
        config: readSiteConfig({ SITE_URL }),
      });

    const first = await npmRunBuild(["--content", content, "--out", compiled, "--cache", cache]);
    assert.match(first, /Built \d+ files \(full/);
    await typescript();
    assertSameSite(await tree(compiled), await tree(reference));

    const article = generateArticle(3, 7, 3);
    const next = appendVersion(article, 1, AFTER_ARCHIVE);
    await writeFile(articleFile(content, article), serializeArticle(next.article.frontmatter));
    const second = await npmRunBuild(["--content", content, "--out", compiled, "--cache", cache]);
    assert.match(second, /patch \(1 of 320 articles changed\)/);
    await rm(reference, { recursive: true });
    await typescript();
    assertSameSite(await tree(compiled), await tree(reference));
  });

  it("is compiled again when a file it was compiled from changes, or a template comes", async () => {
    const root = await project("changing");
    const code = await compiledCode(root);
    assert.equal(await compiledCode(root), code, "nothing changed: the same compiled code");

    const module = path.join(root, "scripts/build.ts");
    await utimes(module, new Date(), new Date(Date.now() - 30 * 60_000));
    const edited = await compiledCode(root);
    assert.notEqual(edited, code, "an edited module: compiled afresh");
    const current = JSON.parse(await readFile(path.join(root, ".cache/code/current.json"), "utf8"));
    assert.equal(path.join(root, ".cache/code", current.dir), edited);

    await writeFile(path.join(root, "templates/new.11ty.ts"), "export const data = {};\n");
    await backdate(root, "templates/new.11ty.ts");
    const added = await compiledCode(root);
    assert.notEqual(added, edited, "a new template: compiled afresh");
    await stat(path.join(added, "templates/new.11ty.js"));
    assert.equal(await compiledCode(root), added);
  });

  it("bundles the packages the build starts with, and compiles again when one is updated", async () => {
    const root = await project("packages");
    // A stand-in for one of the packages bundled (BUNDLED in scripts/launch.mjs), and for
    // one that stays an import.
    const packages = {
      "node_modules/zod/package.json":
        '{ "name": "zod", "version": "1.0.0", "main": "index.js" }\n',
      "node_modules/zod/index.js": 'exports.marker = "bundled-zod-1";\n',
      "node_modules/pagefind/package.json": '{ "name": "pagefind", "main": "index.js" }\n',
      "node_modules/pagefind/index.js": 'exports.marker = "imported-pagefind";\n',
    };
    for (const [file, text] of Object.entries(packages)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }
    await writeFile(
      path.join(root, "scripts/build.ts"),
      'import { marker } from "zod";\nimport * as pagefind from "pagefind";\nconsole.log(marker, pagefind);\n',
    );
    await backdate(root, "scripts/build.ts", ...Object.keys(packages));
    const code = await compiledCode(root);
    const compiled = await readFile(path.join(code, "scripts/build.js"), "utf8");
    assert.match(compiled, /bundled-zod-1/, "zod is in the compiled code");
    assert.match(compiled, /from "pagefind"/, "pagefind stays an import");
    assert.doesNotMatch(compiled, /imported-pagefind/);

    // `npm install` brings another version: the compiled code must not keep the old one.
    await writeFile(
      path.join(root, "node_modules/zod/index.js"),
      'exports.marker = "bundled-zod-2";\n',
    );
    await writeFile(
      path.join(root, "node_modules/zod/package.json"),
      '{ "name": "zod", "version": "2.0.0", "main": "index.js" }\n',
    );
    await backdate(root, "node_modules/zod/index.js");
    await utimes(
      path.join(root, "node_modules/zod/package.json"),
      new Date(),
      new Date(Date.now() - 30 * 60_000),
    );
    const updated = await compiledCode(root);
    assert.notEqual(updated, code, "an updated package: compiled afresh");
    assert.match(await readFile(path.join(updated, "scripts/build.js"), "utf8"), /bundled-zod-2/);
  });

  it("names the file when the TypeScript does not compile", async () => {
    const root = await project("broken");
    await writeFile(path.join(root, "scripts/build.ts"), "export const = 1;\n");
    const error = await compiledCode(root).then(
      () => assert.fail("compiled"),
      (e: Error) => e,
    );
    assert.match(error.message, /^The build's TypeScript did not compile:/);
    assert.match(error.message, /Expected identifier but found "="\s+scripts\/build\.ts:1:13:/);
    assert.doesNotMatch(error.message, /cannot be marked as external/);
  });
});

const FILES = [...ENTRIES, "templates/page.11ty.ts"];

/** Files saved an hour ago: the compiled code trusts files older than its compiling. */
async function backdate(root: string, ...files: string[]): Promise<void> {
  const then = new Date(Date.now() - 60 * 60_000);
  for (const file of files) await utimes(path.join(root, file), then, then);
}

/** A project of the launcher's entry points, each an empty module, in the work folder. */
async function project(name: string): Promise<string> {
  const root = path.join(work, name);
  for (const entry of FILES) {
    await mkdir(path.dirname(path.join(root, entry)), { recursive: true });
    await writeFile(path.join(root, entry), "export {};\n");
  }
  await backdate(root, ...FILES);
  return root;
}
