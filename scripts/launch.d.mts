// Types of scripts/launch.mjs, for the tests that import it.

/** Every module the launcher compiles as an entry point, by name from the root (templates aside). */
export const ENTRIES: readonly string[];

/**
 * The folder of the build's compiled code for the project at `root` (default: this project),
 * compiling it first when any file it is compiled from changed. Rejects with a message naming
 * what to fix when the TypeScript does not compile.
 */
export function compiledCode(root?: string): Promise<string>;
