// npm run capture as a command: help, usage errors, the summary and the exit status.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { FEED_TYPE, makeContent, newsPage, rssFeed, startSite, type Site } from "./support.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/capture.ts", ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe("npm run capture", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
    site.routes.set("/feed.xml", {
      type: FEED_TYPE,
      body: rssFeed([
        { url: `${site.url}/ok`, title: "Ok" },
        { url: `${site.url}/gone`, title: "Gone" },
      ]),
    });
    site.routes.set("/ok", {
      body: newsPage({
        headline: "Tide tables printed again",
        paragraphs: [
          "The harbour office will print tide tables again after complaints from sailors.",
        ],
      }),
    });
  });
  after(() => site.close());

  it("shows help, and refuses unknown options with exit status 2", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--dry-run/);
    const wrong = await run(["--dry-rnu"]);
    assert.equal(wrong.code, 2);
    assert.equal(
      wrong.stderr,
      "npm run capture: unknown option --dry-rnu (did you mean --dry-run?). See npm run capture -- --help.\n",
    );
  });

  it("prints a summary, names each failure in one line, and exits 1 when anything failed", async () => {
    const { dir, content, cache } = await makeContent(`echo:
  name: "Echo"
  homepage: "${site.url}/"
  language: "en"
  capture:
    feeds: ["${site.url}/feed.xml"]
    delay_seconds: 0
`);
    const summaryFile = path.join(dir, "summary.md");
    const refused = await run(["--content", content, "--cache", cache]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /feed\.xml: refused: 127\.0\.0\.1 is on a private/);

    const result = await run([
      "--content",
      content,
      "--cache",
      cache,
      "--allow-private",
      "--summary",
      summaryFile,
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /2 new in feeds, 1 created, 0 versions appended/);
    assert.match(result.stderr, /\/gone: HTTP status 404/);
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.match(await readFile(summaryFile, "utf8"), /1 created/);
  });
});
