// The last stage: the finished site replaces the output folder, whole (a full build: one
// rename, the previous site kept until the last moment) or patched (the changed files moved
// in one by one, after the build's record was forgotten, so a build killed half-way is never
// trusted). A failure at any earlier step leaves the output folder untouched.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { setPriority } from "node:os";
import path from "node:path";
import { isRunning } from "../run/threads.ts";

/** A fresh staging folder's path for an output folder (not created): a sibling, so the final rename stays on one file system. */
export function stagingFolder(outDir: string): string {
  const out = path.resolve(outDir);
  return path.join(
    path.dirname(out),
    `.${path.basename(out)}-building-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
}

/**
 * Moves a patch's files from the staging folder into the output folder: each file written
 * replaces its namesake, each folder in `folders` (a search bundle) replaces its namesake
 * whole, and each file in `removed` goes. What stays in the staging folder is deleted.
 */
export async function applyPatch(
  staging: string,
  outDir: string,
  patch: { files: readonly string[]; folders: readonly string[]; removed: readonly string[] },
  mode: "wait" | "background" = "wait",
): Promise<void> {
  const made = new Set<string>();
  for (const folder of patch.folders) {
    const target = path.join(outDir, folder);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(path.dirname(target), { recursive: true });
    if (existsSync(path.join(staging, folder))) renameSync(path.join(staging, folder), target);
  }
  for (const file of patch.files) {
    const target = path.join(outDir, file);
    const folder = path.dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    renameSync(path.join(staging, file), target);
  }
  for (const file of patch.removed) rmSync(path.join(outDir, file), { force: true });
  await discard(staging, mode);
}

/**
 * Replaces outDir with the finished folder; the previous site stays whole until the last
 * moment. Returns the folder of the previous site when it is being deleted in the background.
 */
export async function swapInto(
  staging: string,
  outDir: string,
  mode: "wait" | "background",
): Promise<string | undefined> {
  const old = `${staging}${PREVIOUS}`;
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, old);
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(old, outDir);
    throw error;
  }
  if (!hadPrevious) return undefined;
  return discard(old, mode, staging);
}

/**
 * Deletes a folder that is no longer part of the site, now ("wait") or by a process of its
 * own ("background"; the folder is returned). It is first renamed after the build's staging
 * folder (by default, the folder itself) with DISCARDED: a folder being deleted is never put
 * back as the site (recoverInterruptedBuilds restores only a "-previous" folder, and deletes
 * this one).
 */
async function discard(
  dir: string,
  mode: "wait" | "background",
  staging = dir,
): Promise<string | undefined> {
  const discarded = `${staging}${DISCARDED}`;
  await rename(dir, discarded);
  if (mode === "wait") {
    await rm(discarded, { recursive: true, force: true });
    return undefined;
  }
  deleteInBackground(discarded);
  return discarded;
}

/** Suffix of the previous site while the new one is moved in; put back if a build dies there. */
const PREVIOUS = "-previous";
/** Suffix of a previous site that has been replaced: only ever deleted. */
const DISCARDED = "-discarded";

/**
 * Beside a folder being deleted in the background, a file holding the id of the process
 * deleting it ("<folder>.deleting"), so that builds run meanwhile leave the deletion to it.
 */
const DELETING = ".deleting";

/** The nice value of a process deleting a folder in the background (0 is the default). */
const DELETING_PRIORITY = 10;

/**
 * Deletes a folder from a process of its own that outlives this one: deleting a large site
 * takes long on some disks, and the build need not wait for it. If that process dies, the
 * next build's recoverInterruptedBuilds finishes the job. While it is alive, no other build
 * starts a second deletion of the same folder: processes deleting side by side slow the
 * builds that run meanwhile.
 */
function deleteInBackground(dir: string): void {
  if (deletionUnderWay(dir)) return;
  const marker = `${dir}${DELETING}`;
  const child = spawn(
    process.execPath,
    [
      "-e",
      // The marker goes last, and only if it still names this process.
      `const fs = require("node:fs");
       const [dir, marker] = process.argv.slice(1);
       fs.rmSync(dir, { recursive: true, force: true });
       try { if (fs.readFileSync(marker, "utf8") === String(process.pid)) fs.rmSync(marker); } catch {}`,
      dir,
      marker,
    ],
    { detached: true, stdio: "ignore" },
  );
  child.on("error", () => {}); // left for the next build to remove
  if (child.pid !== undefined) {
    // Second to builds: it starts while this one records itself, and may outlast it into the
    // next one (a large site takes a minute or more).
    try {
      setPriority(child.pid, DELETING_PRIORITY);
    } catch {
      // Not allowed here, or already done: it deletes at the build's priority.
    }
    try {
      writeFileSync(marker, String(child.pid));
    } catch {
      // Unmarked, the deletion may be started twice: slower, never wrong.
    }
  }
  child.unref();
}

/**
 * Whether a process named beside the folder is deleting it now: running, and (where the
 * system tells, Linux) given this folder to delete, so that a number reused by another
 * process since is not taken for the deletion.
 */
function deletionUnderWay(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(`${dir}${DELETING}`, "utf8"));
  } catch {
    return false; // no marker: nobody is deleting it
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dir);
  } catch {
    return process.platform !== "linux"; // elsewhere the number is all there is
  }
}

/**
 * Cleans up after builds that were killed: if one was killed between the two renames of the
 * swap (outDir moved aside, new site not yet in place), the previous site is put back; every
 * other folder they left is deleted in the background. Folders of builds still running are
 * left alone, except replaced sites, which are deleted whoever left them.
 */
export async function recoverInterruptedBuilds(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const pattern = new RegExp(
    `^\\.${escapeRegExp(path.basename(outDir))}-building-(\\d+)-[0-9a-f]+(${PREVIOUS}|${DISCARDED})?$`,
  );
  const names = await readdir(parent);
  // A deletion that ended without removing its marker (its process was killed at the end).
  for (const name of names) {
    if (!name.endsWith(DELETING)) continue;
    const folder = name.slice(0, -DELETING.length);
    if (pattern.test(folder) && !names.includes(folder)) {
      await rm(path.join(parent, name), { force: true });
    }
  }
  const leftovers = names.flatMap((name) => {
    const match = pattern.exec(name);
    if (!match) return [];
    const kind = match[2] === PREVIOUS ? "previous" : match[2] ? "discarded" : "staging";
    // A replaced site is deleted whoever left it (its deleting process may have died).
    if (kind !== "discarded" && isRunning(Number(match[1]))) return [];
    return [{ dir: path.join(parent, name), kind }];
  });
  for (const previous of leftovers.filter((l) => l.kind === "previous")) {
    if (!existsSync(outDir)) await rename(previous.dir, outDir);
  }
  // Everything else is deleted in the background, as a replaced site is: a killed build's
  // staging folder can hold most of a site, and this build need not wait for it. A replaced
  // site may still be being deleted by its own process; two deletions side by side are harmless.
  for (const { dir, kind } of leftovers) {
    if (kind === "discarded") deleteInBackground(dir);
    else if (existsSync(dir)) {
      // A "-previous" folder still here was not put back above (a site is in place).
      const staging = kind === "previous" ? dir.slice(0, -PREVIOUS.length) : dir;
      await discard(dir, "background", staging).catch(() =>
        // A folder of that name is there already (left by the same build): deleted here.
        rm(dir, { recursive: true, force: true }),
      );
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
