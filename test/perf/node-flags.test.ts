// The build runs with Node flags of its own (scripts/build/memory.ts). `npm run build` is the
// command people and CI use, and package.json cannot import them, so this keeps it in step
// with the scripts that start a build themselves (`npm start`, the benchmark).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { BUILD_NODE_FLAGS } from "../../scripts/build/memory.ts";
import { ROOT } from "../support/build.ts";

test("npm run build starts the compiled build with the build's flags", async () => {
  const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  assert.deepEqual(manifest.scripts.build!.split(/\s+/), [
    "node",
    ...BUILD_NODE_FLAGS,
    "scripts/launch.mjs",
    "scripts/build.ts",
  ]);
});
