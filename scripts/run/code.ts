// Where the build's own code runs from. `npm run build` runs it as JavaScript compiled from
// these TypeScript modules (scripts/launch.mjs), so no TypeScript loader sits between Node and
// every module the build, its worker threads and Eleventy import; tests, `npm start` and the
// other commands run the TypeScript under tsx. Both run the same modules: everything that
// names one of the build's own files (a worker's module, Eleventy's config and templates, the
// project root) asks here, and gets the compiled file when the code is compiled.
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Set by the compiler (esbuild's `define`, scripts/launch.mjs) in compiled code; not defined
 * at all when the TypeScript runs as it is.
 */
declare const COMPILED_CODE: { root: string; dir: string } | undefined;

/** The compiled code's project root and folder, or undefined when running the TypeScript. */
export const compiled: { root: string; dir: string } | undefined =
  typeof COMPILED_CODE === "object" ? COMPILED_CODE : undefined;

/** The project's root folder: where package.json, .eleventy.ts and templates/ are. */
export const projectRoot: string = compiled?.root ?? path.resolve(import.meta.dirname, "../..");

/**
 * The file to run for one of the build's modules, named from the project root as in the
 * sources ("scripts/search/index-worker.ts", "templates"): that file under `root`, or its
 * compiled twin.
 */
export function codeFile(relative: string, root: string = projectRoot): string {
  if (!compiled) return path.join(root, relative);
  return path.join(compiled.dir, relative.replace(/\.ts$/, ".js"));
}

/**
 * Eleventy's templates folder as it runs, from the project root: `templates`, or where the
 * compiled templates are.
 */
export const templatesDir: string = compiled
  ? path.relative(compiled.root, path.join(compiled.dir, "templates"))
  : "templates";

/** The extension of Eleventy's templates as they run: `11ty.ts`, or `11ty.js` compiled. */
export const templateFormat: string = compiled ? "11ty.js" : "11ty.ts";

let hash: Promise<string> | undefined;

/**
 * The one hash of the build's code (scripts/launch.mjs `codeHashOf`): read beside the compiled
 * code, or worked out from the TypeScript's module graph when it runs as it is.
 */
export function codeHash(root: string = projectRoot): Promise<string> {
  hash ??= (async () => {
    const { CODE_HASH_FILE, codeHashOf } = await import("../launch.mjs");
    if (compiled) return readFileSync(path.join(compiled.dir, CODE_HASH_FILE), "utf8");
    return codeHashOf(root);
  })();
  return hash;
}
