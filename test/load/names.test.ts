// Source keys and slugs become files and folders wherever the archive is checked out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { slugCandidates } from "../../scripts/contribute/slug.ts";
import { nameProblem } from "../../scripts/load/index.ts";

test("Windows device names are refused as sources and slugs, with another name to use", () => {
  const slug = nameProblem("aux", "slug");
  assert.match(slug?.message ?? "", /found "aux", a device name on Windows/);
  assert.equal(slug?.fix, 'choose another name, such as "aux-1.md"');
  const source = nameProblem("con", "source");
  assert.match(source?.message ?? "", /source folder name that every system can create/);
  assert.equal(source?.fix, 'choose another name, such as "con-news"');
  for (const name of ["prn", "nul", "com1", "com9", "lpt1", "lpt9"]) {
    assert.ok(nameProblem(name, "slug"), name);
  }
  // Only the names themselves: longer names that begin with one are ordinary.
  for (const name of ["com10", "console", "con-1", "auxiliary", "lpt", "null"]) {
    assert.equal(nameProblem(name, "slug"), undefined, name);
  }
});

test("an imported article never gets a device name as its slug", () => {
  // The URL's last segment would be "aux"; the importer moves on to the next candidate.
  assert.deepEqual(slugCandidates("https://example.com/news/aux", "Auxiliary nurses strike"), [
    "news-aux",
    "auxiliary-nurses-strike",
  ]);
});
