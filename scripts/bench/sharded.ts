// The benchmark of a build split across machines: each shard built on its own (one after
// another here; on CI they run side by side), then the merge. What counts is the critical
// path, the slowest shard plus the merge, and each process's peak memory.
import { rm } from "node:fs/promises";
import path from "node:path";
import { BUILD_NODE_FLAGS } from "../build/memory.ts";
import { measure, type Measurement } from "./measure.ts";

export interface ShardedReport {
  shards: { index: number; wallMs: number; cpuMs?: number; treeRssMb?: number }[];
  merge: { wallMs: number; cpuMs?: number; treeRssMb?: number };
  /** The slowest shard plus the merge. */
  criticalPathMs: number;
}

const figures = (m: Measurement) => ({
  wallMs: m.wallMs,
  ...(m.cpuMs !== undefined ? { cpuMs: m.cpuMs } : {}),
  ...(m.treeRssMb !== undefined ? { treeRssMb: m.treeRssMb } : {}),
});

export async function benchSharded(options: {
  root: string;
  content: string;
  /** Where the shards' folders, caches and the merged site go. */
  dir: string;
  count: number;
  heapMb?: number;
  log: (line: string) => void;
}): Promise<ShardedReport> {
  const { root, count } = options;
  const flags = [
    ...BUILD_NODE_FLAGS,
    ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
  ];
  const run = async (args: string[]) => {
    const m = await measure(
      process.execPath,
      [...flags, path.join(root, "scripts/launch.mjs"), "scripts/build.ts", ...args],
      { cwd: root },
    );
    if (m.exitCode !== 0)
      throw new Error(
        `A sharded build failed (exit code ${m.exitCode}):\n${m.stderr.slice(-4000)}`,
      );
    return m;
  };
  await rm(options.dir, { recursive: true, force: true });
  const shards: ShardedReport["shards"] = [];
  const dirs: string[] = [];
  for (let index = 1; index <= count; index++) {
    const out = path.join(options.dir, `shard-${index}`);
    dirs.push(out);
    options.log(`  shard ${index}/${count} …`);
    const m = await run([
      "--content",
      options.content,
      "--shard",
      `${index}/${count}`,
      "--out",
      out,
      "--cache",
      path.join(options.dir, `cache-${index}`),
    ]);
    shards.push({ index, ...figures(m) });
  }
  options.log("  merge …");
  const merge = figures(await run(["--merge", ...dirs, "--out", path.join(options.dir, "dist")]));
  const slowest = Math.max(...shards.map((s) => s.wallMs));
  return { shards, merge, criticalPathMs: slowest + merge.wallMs };
}
