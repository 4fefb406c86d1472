// How every cache file is written: whole, under a temporary name of this process, then renamed
// over the old one. A killed build leaves the old file or the new one, never half of one; two
// builds sharing a cache each rename a file of their own.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** How the names of this process's temporary files end (a stale one can be deleted). */
export const OWN_TEMPORARY = `.${process.pid}.tmp`;

/**
 * Writes a file so that readers see either its old content or all of the new (given as parts,
 * they are written one after another).
 */
export async function replaceFile(
  file: string,
  data: string | Uint8Array | readonly Uint8Array[],
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}${OWN_TEMPORARY}`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
