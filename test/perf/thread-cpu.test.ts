// The per-thread CPU tool the performance notes quote (scripts/bench/thread-cpu.ts).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { test } from "node:test";
import { formatThreads, parseStat } from "../../scripts/bench/thread-cpu.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

test("a thread's name and CPU ticks are read from its /proc stat line", () => {
  // A name may hold spaces and parentheses; utime and stime are the 14th and 15th fields.
  const line =
    "4242 (V8 (Worker) 1) S 4241 4241 100 0 -1 4194560 120 0 0 0 37 5 0 0 20 0 9 0 555 1000 200";
  assert.deepEqual(parseStat(line), { name: "V8 (Worker) 1", ticks: 42 });
  assert.equal(parseStat("garbage"), undefined);
});

test("threads are listed by process, the busiest first, the build's own thread named", () => {
  const text = formatThreads(
    [
      { pid: 10, tid: 10, command: "node", name: "node", seconds: 4.9 },
      { pid: 10, tid: 12, command: "node", name: "node", seconds: 0.6 },
      { pid: 20, tid: 20, command: "pagefind_extended", name: "pagefind_extend", seconds: 2.1 },
      { pid: 20, tid: 21, command: "pagefind_extended", name: "tokio-rt-worker", seconds: 1.4 },
    ],
    10,
  );
  const lines = text.split("\n").map((l) => l.trim());
  assert.deepEqual(lines, [
    "5.50 s  process 10 (node)",
    "4.90 s  main thread (10)",
    "0.60 s  node (12)",
    "3.50 s  process 20 (pagefind_extended)",
    "2.10 s  first thread (20)",
    "1.40 s  tokio-rt-worker (21)",
    "9.00 s  in all",
  ]);
});

test(
  "a command's busy main thread shows its CPU time",
  { skip: process.platform !== "linux" },
  async () => {
    // Busy until it has used 0.4 CPU-seconds, however long that takes on a loaded machine.
    const busy = "while (process.cpuUsage().user < 400_000) {}";
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/bench/thread-cpu.ts", "--", process.execPath, "-e", busy],
      { cwd: ROOT },
    );
    const main = /([0-9.]+) s {2}main thread/.exec(stdout);
    assert.ok(main, stdout);
    // Sampled every 50 ms: the last stretch before the command ends may be missed.
    assert.ok(Number(main[1]) >= 0.3, stdout);
  },
);
