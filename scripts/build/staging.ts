// Where a build writes the new site before it replaces dist/: a sibling folder, so the final
// rename stays on one file system. The process id in its name lets a later build tell a
// killed build's leftovers from a build still running (site.ts recoverInterruptedBuilds).
import { randomBytes } from "node:crypto";
import path from "node:path";

/** A fresh staging folder's path for an output folder (not created). */
export function stagingFolder(outDir: string): string {
  const out = path.resolve(outDir);
  return path.join(
    path.dirname(out),
    `.${path.basename(out)}-building-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
}

/** Whether the process that named a folder is still running (so the folder is in use). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
