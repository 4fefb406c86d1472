// Shared set-up for the contribution tests: scratch copies of the fixture
// archive, the commands run as a contributor runs them, and a scratch git repository.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const project = fileURLToPath(new URL("../../", import.meta.url));
export const fixtures = join(project, "test/fixtures/contribute");

/** A fresh folder holding a copy of the fixture content/ (returns the folder, not content/). */
export async function scratchArchive(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "contribute-test-"));
  await cp(join(fixtures, "content"), join(dir, "content"), { recursive: true });
  return dir;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's scripts (e.g. "scripts/import.ts") in `cwd`. */
export function runScript(
  script: string,
  args: string[],
  cwd: string,
  input?: string | Buffer,
): Run {
  // tsx is resolved from here: the scratch folders have no node_modules.
  const tsx = import.meta.resolve("tsx");
  const result = spawnSync(process.execPath, ["--import", tsx, join(project, script), ...args], {
    cwd,
    env: commandEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? { stdio: ["ignore", "pipe", "pipe"] } : { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The environment a command runs in here: this one, without what would change its output
 * (colour forced on or off, the annotations it adds in GitHub Actions), plus `extra`.
 */
export function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ["FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS"]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/** Every file under a folder with a hash of its bytes, to show that nothing changed. */
export async function treeHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  }
  return out;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.test",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.test",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env: GIT_ENV });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** A scratch repository whose first commit (tagged "base") holds the fixture content/. */
export async function scratchRepository(): Promise<string> {
  const dir = await scratchArchive();
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "content");
  git(dir, "commit", "-q", "-m", "Base archive");
  git(dir, "tag", "base");
  return dir;
}
