// Where a build's CPU goes, thread by thread: runs a command and samples every thread of its
// process tree from /proc (Linux) every 50 ms, then prints each thread's user + system time
// as last seen, largest first, grouped by process. A one-version rebuild on two cores is bound
// by the CPU it needs; this shows who needs it (the build's main thread, V8's helper threads,
// the worker threads, Pagefind's process).
//
//   node --import tsx scripts/bench/thread-cpu.ts -- \
//     node scripts/launch.mjs scripts/build.ts --content <dir> --out <dir> --cache <dir>
//
// A thread that ends between two samples loses what it used since the last one; the command's
// own total (GNU time, or the harness's `measure`) is the figure to quote for the whole.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isMain } from "../cli.ts";
import { processTree } from "./measure.ts";

/** One thread's line of /proc/<pid>/task/<tid>/stat: its name and CPU ticks so far. */
export function parseStat(text: string): { name: string; ticks: number } | undefined {
  // The name is in parentheses and may itself hold spaces and parentheses: it ends at the last ")".
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // After the name: state (field 3), …, utime (field 14) and stime (field 15).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { name: text.slice(open + 1, close), ticks: utime + stime };
}

export interface ThreadCpu {
  pid: number;
  tid: number;
  /** The process's command (first word of its command line, without its folder). */
  command: string;
  name: string;
  seconds: number;
}

/** Threads grouped by process, each process's total first, largest first. */
export function formatThreads(threads: readonly ThreadCpu[], rootPid: number): string {
  const byPid = new Map<number, ThreadCpu[]>();
  for (const t of threads) byPid.set(t.pid, [...(byPid.get(t.pid) ?? []), t]);
  const total = (list: readonly ThreadCpu[]) => list.reduce((s, t) => s + t.seconds, 0);
  const lines: string[] = [];
  const processes = [...byPid].sort((a, b) => total(b[1]) - total(a[1]));
  for (const [pid, list] of processes) {
    lines.push(`${total(list).toFixed(2).padStart(7)} s  process ${pid} (${list[0]!.command})`);
    for (const t of [...list].sort((a, b) => b.seconds - a.seconds)) {
      if (t.seconds < 0.005) continue;
      const role = t.tid === t.pid ? (pid === rootPid ? "main thread" : "first thread") : t.name;
      lines.push(`${t.seconds.toFixed(2).padStart(15)} s  ${role} (${t.tid})`);
    }
  }
  lines.push(`${total(threads).toFixed(2).padStart(7)} s  in all`);
  return lines.join("\n");
}

function ticksPerSecond(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // ended meanwhile
  }
}

/** A process's threads (ids), none once it has ended. */
function tasksOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    options: { help: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0 || process.platform !== "linux") {
    console.log(
      "Usage (Linux): node --import tsx scripts/bench/thread-cpu.ts -- <command> [args…]",
    );
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const hz = ticksPerSecond();
  const child = spawn(positionals[0]!, positionals.slice(1), { stdio: "inherit" });
  const seen = new Map<string, ThreadCpu>();
  const commands = new Map<number, string>();
  const sample = async () => {
    if (!child.pid) return;
    for (const pid of processTree(child.pid)) {
      if (!commands.has(pid)) {
        const argv0 = (read(`/proc/${pid}/cmdline`) ?? "").split("\0")[0] ?? "";
        commands.set(pid, argv0.split("/").at(-1) || "?");
      }
      for (const task of tasksOf(pid)) {
        const stat = read(`/proc/${pid}/task/${task}/stat`);
        const parsed = stat === undefined ? undefined : parseStat(stat);
        if (!parsed) continue;
        seen.set(`${pid}/${task}`, {
          pid,
          tid: Number(task),
          command: commands.get(pid)!,
          name: parsed.name,
          seconds: parsed.ticks / hz,
        });
      }
    }
  };
  let running = true;
  const sampling = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  running = false;
  await sampling;
  console.log(formatThreads([...seen.values()], child.pid ?? 0));
  process.exitCode = code;
}

if (isMain(import.meta.url)) await main();
