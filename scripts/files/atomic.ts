// The one way the project replaces a file: readers (and a crash) see either the old file or
// all of the new one, never a part. Used by the commands that write content, and meant for
// every cache and output file too.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import path from "node:path";

export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk before the rename (fsync), so that after a power cut the file
   * holds the old content or the new, not nothing. Costs a disk flush per file: on for files
   * people wrote (content), off for caches that can be made again. Default false.
   */
  fsync?: boolean;
}

/** Counts this process's writes, so no two of its temporary names are the same. */
let writes = 0;

/**
 * The temporary file a write of `file` goes through: in the same folder (a rename does not
 * cross file systems), named after the file, this process and this call, and starting with
 * "." so that the loader, which skips dot-files, never reads one left behind by a crash.
 * "….<pid>.tmp" at the end says whose it is: a stale one can be deleted once that process is
 * gone.
 */
export function temporaryNameFor(file: string): string {
  const id = `${(++writes).toString(36)}-${randomBytes(4).toString("hex")}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${id}.${process.pid}.tmp`);
}

/**
 * Writes `data` (text as UTF-8, bytes, or parts written one after another) to a temporary file
 * next to `file`, then renames it over `file`. Two writes of one file at once, from this
 * process or another, each rename a whole file of their own: the last rename wins. When the
 * write fails, its temporary file is removed and the error is thrown; `file` is unchanged.
 * The folder must exist.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array | readonly Uint8Array[],
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temporary = temporaryNameFor(file);
  try {
    const handle = await open(temporary, "wx");
    try {
      if (typeof data === "string" || data instanceof Uint8Array) {
        await handle.writeFile(data);
      } else {
        for (const part of data) await handle.writeFile(part);
      }
      if (options.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * The same write, blocking: for worker threads and short synchronous steps, where waiting
 * costs nothing and saves the round trips of a file handle.
 */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array | readonly Uint8Array[],
  options: AtomicWriteOptions = {},
): void {
  const temporary = temporaryNameFor(file);
  try {
    const fd = openSync(temporary, "wx");
    try {
      const parts = typeof data === "string" || data instanceof Uint8Array ? [data] : data;
      for (const part of parts) {
        const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : part;
        for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      }
      if (options.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
