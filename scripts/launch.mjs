// `node scripts/launch.mjs <script.ts> [args…]`: runs one of the build's TypeScript entry
// points (`npm run build` runs scripts/build.ts) as JavaScript compiled from the sources, as if
// Node had been given that script. Under tsx every module the build, its worker threads and
// Eleventy import passes through a TypeScript loader on a thread of its own; compiled, a
// one-version rebuild of newsroom-10k used 13.3 CPU-seconds (median of six) against 14.8
// (docs/performance.md).
//
// The compiled code lives in .cache/code/<name>/ and is made again only when one of the
// files it was compiled from changed (size or modification time, a bundled package's
// manifest included), or a template was added or removed. It is one esbuild bundle with
// shared chunks, so the build, Eleventy's config and templates, and every worker entry share
// one copy of each module, exactly as under tsx; npm packages stay imports, but for the few
// the build needs as it starts (BUNDLED, below).
// scripts/build/code.ts tells the modules where the compiled files are.
//
// This file is JavaScript because it runs before any TypeScript can.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Every module that is started on its own: entry points, Eleventy's files, worker threads. */
export const ENTRIES = [
  "scripts/build.ts",
  "scripts/bench/child-build.ts",
  ".eleventy.ts",
  "scripts/build/article-worker.ts",
  "scripts/search/index-worker.ts",
];
/** Compiled code folders kept besides the current one (a build still running may use them). */
const KEEP = 2;

/**
 * The compiled folder for the project at `root`, compiling it first when any source changed.
 * @param {string} root
 * @returns {Promise<string>}
 */
export async function compiledCode(root = ROOT) {
  const home = path.join(root, ".cache", "code");
  const current = await readCurrent(home);
  const templates = await templatesOf(root);
  if (
    current &&
    current.root === root &&
    current.templates?.join("\n") === templates.join("\n") &&
    (await unchanged(root, current.stamps))
  ) {
    return path.join(home, current.dir);
  }
  const started = Date.now();
  const name = `${started.toString(36)}-${process.pid}`;
  const dir = path.join(home, name);
  const inputs = await compile(root, dir, templates);
  await writeFile(path.join(dir, CODE_HASH_FILE), await hashOfInputs(root, inputs));
  const stamps = await stampsOf(root, [...inputs, path.relative(root, import.meta.filename)]);
  // A file saved while esbuild was reading it may not be in the code: compile again next time.
  for (const [file, stamp] of Object.entries(stamps)) {
    if (Number(stamp.split(":")[1]) >= started - 1000) stamps[file] = "saved while compiling";
  }
  const record = path.join(home, `current-${name}.json`);
  await writeFile(record, JSON.stringify({ root, dir: name, templates, stamps }));
  await rename(record, path.join(home, "current.json"));
  await prune(home, name);
  return dir;
}

/**
 * Eleventy's templates, by name from the root: a template added or removed is compiled in or
 * out even though no file the code was compiled from changed.
 * @param {string} root
 * @returns {Promise<string[]>}
 */
async function templatesOf(root) {
  return (await readdir(path.join(root, "templates"), { recursive: true }))
    .filter((file) => file.endsWith(".11ty.ts"))
    .map((file) => path.join("templates", file))
    .sort();
}

/** Beside the compiled code: the hash of what it was compiled from (codeHashOf). */
export const CODE_HASH_FILE = "code-hash";

/**
 * The one hash of the build's code: every project file in the build's module graph as esbuild
 * resolves it (entry points, Eleventy's config and templates, worker threads), the manifest
 * of each package bundled, and package-lock.json (the packages imported at run time). The
 * store's entries are keyed by it: a change to any file the build runs makes them misses.
 * @param {string} root
 * @returns {Promise<string>}
 */
export async function codeHashOf(root = ROOT) {
  return hashOfInputs(root, await compile(root, undefined, await templatesOf(root)));
}

/**
 * @param {string} root
 * @param {string[]} inputs
 */
async function hashOfInputs(root, inputs) {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  for (const file of [...inputs, "package-lock.json"].sort()) {
    // A project without a lockfile has only its modules' own files to go by.
    const bytes = await readFile(path.join(root, file)).catch(() => Buffer.from("absent"));
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex");
}

/**
 * Compiles the build into `dir`, or with no `dir` only resolves its module graph (nothing is
 * written): both give the same inputs, so the compiled code and the TypeScript have one hash.
 * @param {string} root
 * @param {string | undefined} dir
 * @param {string[]} templates
 * @returns {Promise<string[]>} the project files the code was compiled from
 */
async function compile(root, dir, templates) {
  const { build, formatMessages } = await import("esbuild");
  if (dir) await mkdir(dir, { recursive: true });
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: [...ENTRIES, ...templates],
      outdir: dir ?? path.join(root, ".cache", "code", "unwritten"),
      write: dir !== undefined,
      outbase: root,
      entryNames: "[dir]/[name]",
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      plugins: [packagesOutside(BUNDLED)],
      // What is bundled from npm includes CommonJS (gray-matter) that requires Node's modules.
      banner: {
        js: 'import { createRequire as __launchRequire } from "node:module"; const require = __launchRequire(import.meta.url);',
      },
      sourcemap: dir ? "linked" : false,
      define: { COMPILED_CODE: JSON.stringify({ root, dir: dir ?? "" }) },
      metafile: true,
      logLevel: "silent",
    });
  } catch (error) {
    if (dir) await rm(dir, { recursive: true, force: true });
    const errors = /** @type {{ errors?: import("esbuild").Message[] }} */ (error).errors;
    if (!errors) throw error;
    const messages = await formatMessages(errors, { kind: "error", color: false });
    throw new CompileError(
      `The build's TypeScript did not compile:\n\n${messages.join("")}` +
        "Fix the file named above; `npm run typecheck` lists type errors as well.",
    );
  }
  // The project's files, and the manifest of each package bundled (its version); esbuild
  // lists its `define`s as "<define:…>".
  const files = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("<"));
  const manifests = new Set();
  for (const file of files) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) manifests.add(`${match[1]}/package.json`);
  }
  return [...files.filter((file) => !file.includes("node_modules/")), ...manifests];
}

/**
 * npm packages bundled into the compiled code: those the build imports before it can start
 * (content parsing and validation, diffs, Markdown). Imported from node_modules, zod alone is
 * 95 modules and took about 125 ms, before any of the build's work could begin; with
 * these five bundled, `npm run build -- --help` took 0.36–0.48 s and 0.38–0.51 CPU-seconds
 * against 0.41–0.59 s and 0.49–0.67 (six runs each). Everything else stays an import: Eleventy
 * and Pagefind find files of their own beside their modules, and are imported only when needed.
 */
const BUNDLED = ["zod", "yaml", "gray-matter", "diff", "markdown-it"];

/**
 * An esbuild plugin: every bare import stays an import unless its package is in `bundled`
 * (Node's own modules stay imports either way: esbuild knows them for the platform).
 * @param {string[]} bundled
 * @returns {import("esbuild").Plugin}
 */
function packagesOutside(bundled) {
  return {
    name: "packages-outside",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith("@")
          ? args.path.split("/").slice(0, 2).join("/")
          : args.path.split("/")[0];
        // Inside a bundled package, its own dependencies are bundled too.
        const within = /node_modules/.test(args.importer);
        if (within || bundled.includes(name)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

class CompileError extends Error {}

/**
 * @param {string} home
 * @returns {Promise<{ root: string, dir: string, templates?: string[], stamps: Record<string, string> } | undefined>}
 */
async function readCurrent(home) {
  try {
    const current = JSON.parse(await readFile(path.join(home, "current.json"), "utf8"));
    await stat(path.join(home, current.dir, "scripts"));
    return current;
  } catch {
    return undefined;
  }
}

/**
 * Size and modification time of each file, by its name from the root.
 * @param {string} root
 * @param {string[]} files
 */
async function stampsOf(root, files) {
  /** @type {Record<string, string>} */
  const stamps = {};
  await Promise.all(
    files.map(async (file) => {
      const s = await stat(path.join(root, file));
      stamps[file] = `${s.size}:${s.mtimeMs}`;
    }),
  );
  return stamps;
}

/**
 * @param {string} root
 * @param {Record<string, string>} stamps
 */
async function unchanged(root, stamps) {
  try {
    const now = await stampsOf(root, Object.keys(stamps));
    return Object.entries(stamps).every(([file, stamp]) => now[file] === stamp);
  } catch {
    return false; // a file was deleted or renamed
  }
}

/**
 * Deletes older compiled folders, keeping the newest few.
 * @param {string} home
 * @param {string} current
 */
async function prune(home, current) {
  const entries = await readdir(home, { withFileTypes: true });
  const older = entries
    .filter((e) => e.isDirectory() && e.name !== current)
    .map((e) => e.name)
    .sort((a, b) => parseInt(b, 36) - parseInt(a, 36));
  await Promise.all(
    older.slice(KEEP).map((name) => rm(path.join(home, name), { recursive: true, force: true })),
  );
}

if (import.meta.filename === process.argv[1]) {
  const script = process.argv[2];
  if (!script || !ENTRIES.includes(script)) {
    console.error(`Usage: node scripts/launch.mjs <${ENTRIES.slice(0, 2).join(" | ")}> [args…]`);
    process.exit(2);
  }
  let dir;
  try {
    dir = await compiledCode();
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const file = path.join(dir, script.replace(/\.ts$/, ".js"));
  // The script sees the arguments as if Node had started it.
  process.argv.splice(1, 2, file);
  await import(pathToFileURL(file).href);
}
