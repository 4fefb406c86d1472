// Content hashes: the keys of the store, so an entry is valid wherever it travels as long as
// what made it is the same.
import { createHash } from "node:crypto";

/** Hex SHA-256 of the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest("hex");
}

/** Hex SHA-256 of a file's bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
