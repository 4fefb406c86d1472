// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went:
// self time by function and by package/file, so "profile before optimising" is one command.
//   node --import tsx scripts/bench/profile.ts <file.cpuprofile> [--top 25]
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isMain } from "../cli.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: ProfileRow[];
  byArea: ProfileRow[];
}

/** Groups a frame's file into an area a reader recognises: a package, or a project folder. */
export function areaOf(url: string): string {
  if (url === "") return "(native / GC / idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const project = /\/(scripts\/[^/]+|templates)\//.exec(url);
  if (project) return project[1]!;
  if (url.startsWith("node:")) return "node core";
  return url.replace(/^file:\/\//, "");
}

export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    total += ms;
    const file = url.replace(/^.*\/(node_modules\/|scripts\/|templates\/)/, "$1");
    const key = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    const a = functionName.startsWith("(") ? functionName : areaOf(url);
    area.set(a, (area.get(a) ?? 0) + ms);
  }
  const rows = (m: Map<string, number>): ProfileRow[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / total }));
  return { totalMs: Math.round(total), byFunction: rows(fn), byArea: rows(area) };
}

export function formatSummary(summary: ProfileSummary): string {
  const line = (r: ProfileRow) =>
    `${String(r.ms).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}`;
  return [
    `Busy: ${summary.totalMs} ms (self time, idle excluded)`,
    "",
    "By area:",
    ...summary.byArea.map(line),
    "",
    "By function:",
    ...summary.byFunction.map(line),
  ].join("\n");
}

if (isMain(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "25" } },
  });
  if (positionals.length === 0) {
    console.error("Usage: node --import tsx scripts/bench/profile.ts <file.cpuprofile> [--top N]");
    process.exitCode = 2;
  } else {
    for (const file of positionals) {
      const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
      console.log(`${file}\n${formatSummary(summariseProfile(profile, Number(values.top)))}\n`);
    }
  }
}
