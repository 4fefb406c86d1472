// The browser's share of the site: scripts/client/ bundled with esbuild into assets/.
// The diff engine and the change renderer are bundled too, so a comparison made in the
// browser is computed and marked up by exactly the code that wrote the precomputed pages.
import path from "node:path";
import { build } from "esbuild";
import type { EleventyConfig } from "./eleventy-types.ts";
import { currentListSite } from "./lists.ts";

/** Entry points, by the name their bundle gets in assets/ (READER_SCRIPT in render/tools.ts). */
export const CLIENT_ENTRIES = {
  reader: "scripts/client/reader.ts",
  search: "scripts/client/search.ts",
} as const;

/**
 * Writes minified ES modules into `<outDir>/assets/`. Code loaded on demand (the
 * compare-any-two view) is split into `assets/chunks/`, fetched only when needed.
 */
export async function bundleClient(root: string, outDir: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(CLIENT_ENTRIES).map(([name, file]) => [name, path.join(root, file)]),
    ),
    outdir: path.join(outDir, "assets"),
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    metafile: true,
    logLevel: "silent",
  });
  if (result.errors.length > 0) {
    throw new Error(
      `The browser scripts in scripts/client/ did not bundle:\n${result.errors.map((e) => `  ${e.location?.file ?? ""}:${e.location?.line ?? ""} ${e.text}`).join("\n")}`,
    );
  }
  return Object.keys(result.metafile.outputs).map((file) =>
    path.relative(outDir, path.resolve(root, file)),
  );
}

/** Eleventy plugin: bundle the browser scripts into the output folder before pages are written. */
export function clientScripts(config: EleventyConfig, options: { root: string }): void {
  if (currentListSite()?.assets === false) return;
  config.on("eleventy.before", async (...args: unknown[]) => {
    const event = args[0] as { directories?: { output?: string } } | undefined;
    const output = event?.directories?.output;
    if (!output) throw new Error("Eleventy did not say where its output folder is.");
    await bundleClient(options.root, path.resolve(options.root, output));
  });
}
