// Types of scripts/launch.mjs, for the build and the tests that import it.

/** Every module the launcher compiles as an entry point, by name from the root (templates aside). */
export const ENTRIES: readonly string[];

/** The file beside the compiled code that holds the hash of what it was compiled from. */
export const CODE_HASH_FILE: string;

/**
 * The one hash of the build's code: every project file of its module graph as esbuild resolves
 * it, and package-lock.json. The store's entries are keyed by it.
 */
export function codeHashOf(root?: string): Promise<string>;

/**
 * The folder of the build's compiled code for the project at `root` (default: this project),
 * compiling it first when any file it is compiled from changed. Rejects with a message naming
 * what to fix when the TypeScript does not compile.
 */
export function compiledCode(root?: string): Promise<string>;
