// SHA-256 of a version's canonical text (Node's crypto; a browser would use SubtleCrypto
// over the same canonicalText).

import { createHash } from "node:crypto";
import type { Version } from "../load/types.ts";
import { canonicalText } from "./canonical.ts";

/** Lower-case hexadecimal SHA-256 of the UTF-8 bytes of canonicalText(version). */
export function versionSha256(
  version: Pick<Version, "headline" | "standfirst" | "byline" | "paragraphs">,
): string {
  return createHash("sha256").update(canonicalText(version), "utf8").digest("hex");
}
