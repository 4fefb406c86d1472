// Builds a content folder into a temporary dist/ once per test file, and reads pages back.
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseHTML } from "linkedom";
import { buildSite, type BuildResult } from "../../scripts/build/pipeline.ts";
import { readSiteConfig } from "../../scripts/site/config.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURE_ARCHIVE = path.join(ROOT, "test/fixtures/archive");

export interface BuiltSite {
  dir: string;
  result: BuildResult;
  /** Reads a built file by its site-relative path ("wire/x/" reads wire/x/index.html). */
  read(sitePath: string): Promise<string>;
  /** Parses a built page into a DOM document. */
  page(sitePath: string): Promise<Document>;
  /** Every file written, site-relative, sorted. */
  files(): Promise<string[]>;
}

export async function buildFixture(
  contentDir: string = FIXTURE_ARCHIVE,
  env: NodeJS.ProcessEnv = { SITE_URL: "https://archive.example.net/" },
): Promise<BuiltSite> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "diff-archive-test-")), "dist");
  const result = await buildSite({
    root: ROOT,
    contentDir,
    outDir: dir,
    config: readSiteConfig(env),
  });
  const read = (sitePath: string) =>
    readFile(
      path.join(
        dir,
        sitePath.endsWith("/") || sitePath === "" ? `${sitePath}index.html` : sitePath,
      ),
      "utf8",
    );
  return {
    dir,
    result,
    read,
    page: async (sitePath) => parseHTML(await read(sitePath)).document as unknown as Document,
    files: async () =>
      (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort(),
  };
}

/** Text content with whitespace folded, as a reader would see it. */
export function text(node: { textContent: string | null } | null | undefined): string {
  return (node?.textContent ?? "").replace(/\s+/g, " ").trim();
}
