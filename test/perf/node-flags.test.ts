// The build runs with Node flags of its own (scripts/build/memory.ts). `npm run build` is the
// command people and CI use, and package.json cannot import them, so this keeps it in step
// with the scripts that start a build themselves (`npm start`, the benchmark).
import assert from "node:assert/strict";
import { test } from "node:test";
import { npmBuildArgs } from "../../scripts/bench/measure.ts";
import { BUILD_NODE_FLAGS } from "../../scripts/build/memory.ts";
import { ROOT } from "../support/build.ts";

test("npm run build starts the compiled build with the build's flags", async () => {
  assert.deepEqual(await npmBuildArgs(ROOT), [
    ...BUILD_NODE_FLAGS,
    "scripts/launch.mjs",
    "scripts/build.ts",
  ]);
});
