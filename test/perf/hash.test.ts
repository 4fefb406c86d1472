// Cache keys: every cache entry is found again only if the same inputs give the same key,
// on any machine, so the encoding is pinned here, not just "some hash".
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { hashOf } from "../../scripts/cache/hash.ts";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

test("a key is the SHA-256 of its parts, each prefixed by its length in UTF-8 bytes", () => {
  assert.equal(hashOf("ab", "c"), sha256("2:ab1:c"));
  assert.equal(hashOf("é", ""), sha256("2:é0:"));
  assert.equal(hashOf(), sha256(""));
});

test("parts never run into each other, whether text or bytes", () => {
  assert.notEqual(hashOf("ab", "c"), hashOf("a", "bc"));
  assert.notEqual(hashOf("a:b"), hashOf("a", "b"));
  const bytes = new TextEncoder().encode("día");
  assert.equal(hashOf("x", bytes, "y"), hashOf("x", "día", "y"));
  assert.equal(hashOf(bytes, bytes), sha256("4:día4:día"));
});

test("a key of megabytes of parts is the same SHA-256, however the parts are fed to it", () => {
  // A search bundle's key: thousands of records, several megabytes in all.
  // Short and long ones (over a kilobyte each, hashed on their own), in two scripts.
  const records = Array.from(
    { length: 3000 },
    (_, i) => `<p>Récord ${i}: ${(i % 3 ? "mot " : "كلمة ").repeat(i % 5 ? i % 50 : 400)}</p>`,
  );
  const framed = records.map((r) => `${Buffer.byteLength(r, "utf8")}:${r}`).join("");
  assert.ok(framed.length > 200_000);
  assert.equal(hashOf(...records), sha256(framed));
  const bytes = new TextEncoder().encode("día");
  assert.equal(hashOf(...records, bytes), sha256(`${framed}4:día`));
});
