// Nothing lost or half-published, and the same content always gives the same bytes:
// a build killed part-way leaves the previous site exactly as it was, a later build clears
// the leftovers (and puts back a site a kill took out mid-swap), a failed build changes
// nothing, and two builds of the same content are byte-identical.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { buildSite } from "../../scripts/build/pipeline.ts";
import { recoverInterruptedBuilds } from "../../scripts/build/publish.ts";
import { serializeArticle, serializeSources } from "../../scripts/load/index.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";
import { listFiles } from "../../scripts/check-site/index.ts";
import { ROOT } from "../support/build.ts";

const CONFIG = readSiteConfig({ SITE_URL: "https://archive.example.net/" });
let work: string;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "diff-archive-atomic-"));
});
after(() => rm(work, { recursive: true, force: true }));

/** Every file of a folder with the SHA-256 of its bytes. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    hashes.set(
      file,
      createHash("sha256")
        .update(await readFile(path.join(dir, file)))
        .digest("hex"),
    );
  }
  return hashes;
}

/** An archive of `count` articles, three versions each: big enough that a build takes seconds. */
async function writeArchive(dir: string, count: number, headlinePrefix = ""): Promise<void> {
  await mkdir(path.join(dir, "wire"), { recursive: true });
  await writeFile(
    path.join(dir, "sources.yaml"),
    serializeSources({
      wire: { name: "Wire", homepage: "https://wire.example.com/", language: "en" },
    }),
  );
  const paragraphs = (n: number, v: number) =>
    Array.from(
      { length: 8 },
      (_, p) =>
        `Paragraph ${p} of story ${n}${p === v ? `, revised ${v} times` : ""}, with enough words to diff.`,
    );
  for (let n = 0; n < count; n++) {
    const versions = [0, 1, 2].map((v) => ({
      captured_at: `2024-05-0${v + 1}T09:00:00Z`,
      headline: `${headlinePrefix}Story ${n}${v === 2 ? " updated" : ""}`,
      body: paragraphs(n, v).join("\n\n"),
    }));
    await writeFile(
      path.join(dir, "wire", `story-${n}.md`),
      serializeArticle({ url: `https://wire.example.com/${n}`, tracking: "active", versions }),
    );
  }
}

function leftovers(parent: string): Promise<string[]> {
  return readdir(parent).then((names) => names.filter((n) => n.includes("-building-")));
}

describe("a build killed part-way", () => {
  test(
    "leaves the previous site byte for byte, and the next build cleans up after it",
    { timeout: 600_000 },
    async () => {
      const parent = path.join(work, "kill");
      const content = path.join(parent, "content");
      const out = path.join(parent, "dist");
      await writeArchive(content, 12);
      await buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG });
      const before = await fingerprint(out);

      // A bigger archive, so the killed build is still writing when it is killed.
      await rm(content, { recursive: true });
      await writeArchive(content, 400, "New: ");
      const child = spawn(
        process.execPath,
        ["scripts/launch.mjs", "scripts/build.ts", "--content", content, "--out", out],
        { cwd: ROOT, stdio: "ignore", env: { ...process.env, SITE_URL: CONFIG.url } },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, signal) => resolve(signal)),
      );
      // Kill it once its staging folder holds some pages.
      let killed = false;
      while (!killed) {
        const staging = (await leftovers(parent))[0];
        if (staging && (await listFiles(path.join(parent, staging)).catch(() => [])).length > 20) {
          killed = child.kill("SIGKILL");
        } else if (child.exitCode !== null) {
          assert.fail("the build finished before it could be killed; make the archive bigger");
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      assert.equal(await exited, "SIGKILL");

      assert.deepEqual(await fingerprint(out), before, "dist/ is exactly the previous site");
      assert.equal(
        (await leftovers(parent)).length,
        1,
        "the killed build's staging folder is left behind…",
      );
      assert.ok(
        (await leftovers(parent))[0]!.startsWith("."),
        "…hidden, and never named like the output",
      );

      await buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG });
      await gone(parent); // the next build deletes it, in the background
      assert.ok(
        (await readFile(path.join(out, "wire/story-399/index.html"), "utf8")).includes(
          "New: Story 399",
        ),
      );
    },
  );

  test("between the two renames of the swap, the next build puts the previous site back", async () => {
    const parent = path.join(work, "swap");
    const out = path.join(parent, "dist");
    // The id of a process that has finished, as a killed build's would be.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const aside = path.join(parent, `.dist-building-${dead}-0badf00d-previous`);
    const staging = path.join(parent, `.dist-building-${dead}-0badf00d`);
    await mkdir(aside, { recursive: true });
    await writeFile(path.join(aside, "index.html"), "the previous site");
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, "index.html"), "half");
    // A build still running in this process keeps its folder.
    const running = path.join(parent, `.dist-building-${process.pid}-00000001`);
    await mkdir(running);

    await recoverInterruptedBuilds(out);
    assert.equal(await readFile(path.join(out, "index.html"), "utf8"), "the previous site");
    await gone(parent, [path.basename(running)]);
  });

  test("a replaced site left half-deleted is deleted, never put back", async () => {
    // Left by a build that is still running (this process): deleting it is still right.
    const { parent, out } = await replacedSite("discarded");

    await recoverInterruptedBuilds(out);
    await gone(parent);
    assert.equal(existsSync(out), false, "no site was made up from the replaced one");
  });

  test("a replaced site still being deleted gets no second deleting process", async () => {
    // Deleting 98,000 files takes minutes on some disks; every build run meanwhile used to
    // start one more process deleting the same folder, each slowing the builds after it.
    const { parent, out, discarded } = await replacedSite("deleting");
    // The process deleting it, as a build's deletion leaves it named beside the folder (this
    // one deletes nothing, so only a second process could make the folder go).
    const deleting = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)", discarded]);
    const ended = new Promise((resolve) => deleting.on("exit", resolve));
    await writeFile(`${discarded}.deleting`, String(deleting.pid));
    try {
      await recoverInterruptedBuilds(out);
      await recoverInterruptedBuilds(out);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(existsSync(path.join(discarded, "index.html")), "no other process deleted it");
    } finally {
      deleting.kill();
      await ended;
    }
    // Its deleting process gone, the next build starts one, named beside the folder (it has
    // not even started Node yet when the build returns) …
    await recoverInterruptedBuilds(out);
    const named = Number(await readFile(`${discarded}.deleting`, "utf8"));
    assert.notEqual(named, deleting.pid);
    assert.doesNotThrow(() => process.kill(named, 0), "the named process is running");
    // … which deletes the folder, and then what named it.
    await gone(parent);
  });
});

test(
  "a replaced site whose marker names a process doing something else is deleted",
  { skip: process.platform !== "linux" && "reads /proc" },
  async () => {
    // The deleting process ended and its number now belongs to another process (here, this
    // one): waiting for it would leave the replaced site on disk for as long as that runs.
    const { parent, out, discarded } = await replacedSite("reused-number");
    await writeFile(`${discarded}.deleting`, String(process.pid));
    await recoverInterruptedBuilds(out);
    await gone(parent);
  },
);

/** A site a build replaced, beside the output folder of `work/<name>/`, as a build leaves it. */
async function replacedSite(name: string) {
  const parent = path.join(work, name);
  const out = path.join(parent, "dist");
  const discarded = path.join(parent, `.dist-building-${process.pid}-0badf00d-discarded`);
  await mkdir(path.join(discarded, "wire"), { recursive: true });
  await writeFile(path.join(discarded, "index.html"), "a replaced site");
  return { parent, out, discarded };
}

/**
 * Waits until no build folder but `running` is left beside dist/ (they are deleted in the
 * background).
 */
async function gone(parent: string, running: string[] = []): Promise<void> {
  const others = async () => (await leftovers(parent)).filter((name) => !running.includes(name));
  for (let tries = 0; (await others()).length > 0; tries++) {
    if (tries > 1200) assert.fail(`still there after a minute: ${await others()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("a build over a site reports once the new site is in place; the old one is deleted after", async () => {
  const parent = path.join(work, "background");
  const content = path.join(parent, "content");
  const out = path.join(parent, "dist");
  await writeArchive(content, 3);
  await buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG });
  await rm(content, { recursive: true });
  await writeArchive(content, 3, "New: ");
  const lines: string[] = [];
  await buildSite({
    root: ROOT,
    contentDir: content,
    outDir: out,
    config: CONFIG,
    discard: "background",
    log: (line) => lines.push(line),
  });
  assert.match(
    await readFile(path.join(out, "wire/story-2/index.html"), "utf8"),
    /New: Story 2/,
    "the new site is in place when the build returns",
  );
  assert.ok(
    lines.some((l) => /previous site is being deleted in the background/.test(l)),
    "the build says where the previous site went",
  );
  await gone(parent);
  assert.deepEqual(await readdir(parent), ["content", "dist"].sort());
});

test("a build of content with a problem leaves the previous site untouched", async () => {
  const parent = path.join(work, "failed");
  const content = path.join(parent, "content");
  const out = path.join(parent, "dist");
  await writeArchive(content, 3);
  await buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG });
  const before = await fingerprint(out);
  await writeFile(path.join(content, "wire", "story-1.md"), "---\nurl: [\n---\n");
  await assert.rejects(
    buildSite({ root: ROOT, contentDir: content, outDir: out, config: CONFIG }),
    /story-1\.md/,
  );
  assert.deepEqual(await fingerprint(out), before);
  assert.deepEqual(await leftovers(parent), []);
});

test(
  "two builds of the same content are byte-identical, file for file",
  { timeout: 300_000 },
  async () => {
    const content = path.join(work, "same", "content");
    await cp(path.join(ROOT, "content"), content, { recursive: true });
    const first = path.join(work, "same", "one");
    const second = path.join(work, "same", "two");
    await buildSite({ root: ROOT, contentDir: content, outDir: first, config: CONFIG });
    await buildSite({ root: ROOT, contentDir: content, outDir: second, config: CONFIG });
    const a = await fingerprint(first);
    const b = await fingerprint(second);
    assert.ok(a.size > 100, "the sample archive builds a real site");
    assert.ok(
      [...a.keys()].some((f) => f.startsWith("pagefind/")),
      "the search index is compared too",
    );
    assert.deepEqual(b, a);
    assert.ok(existsSync(path.join(first, "sitemap.xml")));
  },
);
