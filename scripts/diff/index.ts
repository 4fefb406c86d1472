// The diff engine's public surface: pure functions over plain data, with no
// file or Node-only API, so the same code runs in the build and in the browser.

export { diffVersions, DEFAULT_LIMITS } from "./diff.ts";
export { rebuild, sideText } from "./rebuild.ts";
export type { Side } from "./rebuild.ts";
export { timeInWords, timeBetween } from "./time.ts";
export { countWords, tokenize } from "./words.ts";
export { alignmentKey, minorKey } from "./normalise.ts";
export { PARAGRAPH_BREAK } from "./types.ts";
export type * from "./types.ts";
