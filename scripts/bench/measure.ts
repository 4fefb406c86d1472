// Runs a command as a child process and measures it with the operating system's own
// accounting: wall time (hrtime), CPU time and peak resident memory from GNU `time -v`
// when installed (else from the child's rusage), and the peak of the whole process tree's
// memory sampled from /proc (time -v reports the largest single process, which undercounts
// a build that starts worker processes).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface Measurement {
  wallMs: number;
  /** User + system CPU time of the command and its children. */
  cpuMs?: number;
  /** Largest resident set of any one process (GNU time's "Maximum resident set size"). */
  maxRssMb?: number;
  /** Largest sum of resident sets of the whole process tree, sampled every 100 ms. */
  treeRssMb?: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** Parses the fields this harness reads from `time -v` output. */
export function parseTimeV(stderr: string): { cpuMs?: number; maxRssMb?: number } {
  const num = (label: string) => {
    const m = new RegExp(`${label}:\\s*([0-9.]+)`).exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  const user = num("User time \\(seconds\\)");
  const system = num("System time \\(seconds\\)");
  const rssKb = num("Maximum resident set size \\(kbytes\\)");
  return {
    ...(user !== undefined && system !== undefined ? { cpuMs: (user + system) * 1000 } : {}),
    ...(rssKb !== undefined ? { maxRssMb: rssKb / 1024 } : {}),
  };
}

// The sampler reads /proc synchronously: a sample is a few dozen small files (one per thread of
// each process). Read through promises, the measuring process used 0.43 CPU-seconds over a
// 4.9-second rebuild of newsroom-10k (9% of a core taken from the build it measures, on two
// cores); read synchronously, 0.14–0.19 (starting the build and reading its output included).

function rssKbOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s*(\d+)/.exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      let text = "";
      try {
        text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
      } catch {
        // The thread has ended.
      }
      for (const child of text.split(/\s+/).filter(Boolean)) out.push(Number(child));
    }
  } catch {
    // The process has ended.
  }
  return out;
}

/** A process and every process it started, and they started, that is still running (Linux). */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...childrenOf(pid));
  }
  return out;
}

function treeRssKb(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) total += rssKbOf(pid);
  return total;
}

export async function measure(
  command: string,
  args: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    echo?: (line: string) => void;
    /** Called with every sample of the process tree's memory (every 100 ms). */
    onSample?: (atMs: number, treeRssMb: number) => void;
  } = {},
): Promise<Measurement> {
  const timed = hasGnuTime();
  const file = timed ? GNU_TIME : command;
  const argv = timed ? ["-v", command, ...args] : [...args];
  const started = process.hrtime.bigint();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    if (options.echo)
      for (const line of String(chunk).split("\n").filter(Boolean)) options.echo(line);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  let peakKb = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (child.pid) {
        const kb = treeRssKb(child.pid);
        peakKb = Math.max(peakKb, kb);
        options.onSample?.(Number(process.hrtime.bigint() - started) / 1e6, kb / 1024);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const exitCode = await new Promise<number>((resolve) =>
    child.on("close", (code) => resolve(code ?? 1)),
  );
  sampling = false;
  await sampler;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const accounting = timed ? parseTimeV(stderr) : {};
  return {
    wallMs,
    ...accounting,
    ...(process.platform === "linux" ? { treeRssMb: peakKb / 1024 } : {}),
    exitCode,
    stdout,
    stderr,
  };
}

/**
 * How a checkout's `npm run build` starts Node: the words after `node` in its package.json
 * (flags, then the script), so a harness runs each checkout's build exactly as people do.
 */
export async function npmBuildArgs(checkout: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(checkout, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [node, ...words] = (manifest.scripts.build ?? "").split(/\s+/);
  if (node !== "node") throw new Error(`${checkout}: npm run build does not start with node`);
  return words;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
