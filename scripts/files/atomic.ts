// The one way the project replaces a file: write a temporary file beside it, then rename it
// over the target, so a reader (or a build killed half-way) sees the old file or the new one,
// never a part. The temporary name is unique per process and per call, and it is removed
// when the write fails.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

let calls = 0;

export function temporaryName(target: string): string {
  return `${target}.${process.pid}-${++calls}-${randomBytes(3).toString("hex")}.tmp`;
}

/** Replaces `target` with `data` (parts written one after another). */
export function writeFileAtomic(
  target: string,
  data: string | Uint8Array | readonly Uint8Array[],
): void {
  const temporary = temporaryName(target);
  try {
    if (Array.isArray(data)) writeFileSync(temporary, Buffer.concat(data as Uint8Array[]));
    else writeFileSync(temporary, data as string | Uint8Array);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
