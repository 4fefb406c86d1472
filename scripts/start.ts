// `npm start`: build the site, serve dist/ locally, rebuild and reload on every edit.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { BUILD_NODE_FLAGS } from "./build/memory.ts";
import { parseCommandLine, seeHelp } from "./cli.ts";
import { readSiteConfig } from "./site/config.ts";

const HELP = `Usage: npm start [-- --port <n>]

Builds the site (npm run build), serves dist/ at http://localhost:8080/ and
rebuilds whenever something in content/, templates/ or scripts/ changes; open
pages reload by themselves. A build that fails keeps the last good site served
and prints every problem.

Options:
  --port <n>  port to serve on (default: 8080; the next free one if taken)
  -h, --help  show this text`;

const root = path.resolve(import.meta.dirname, "..");

function build(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...BUILD_NODE_FLAGS, path.join(root, "scripts/launch.mjs"), "scripts/build.ts"],
      {
        cwd: root,
        stdio: "inherit",
        env: process.env,
      },
    );
    child.on("exit", (code) => resolve(code === 0));
  });
}

async function main(argv: string[]): Promise<number | undefined> {
  const commandLine = parseCommandLine(argv, {
    command: "npm start",
    options: { port: { type: "string", default: "8080" } },
    help: HELP,
  });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values } = commandLine;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `npm start: --port must be a port number such as 8080, found ${JSON.stringify(values.port)}. ${seeHelp("npm start")}\n`,
    );
    return 2;
  }
  if (!(await build()))
    console.error("The first build failed; fix the problems above and save to rebuild.");
  const server = EleventyDevServer.getServer("diff-archive", path.join(root, "dist"), {
    pathPrefix: readSiteConfig().basePath,
    portReassignmentRetryCount: 20,
  });
  server.serve(port);

  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        console.log("Change seen; rebuilding…");
        if (await build()) await server.reload({ subtype: "html" });
      });
    }, 200);
  };
  for (const dir of ["content", "templates", "scripts"]) {
    watch(path.join(root, dir), { recursive: true }, schedule);
  }
}

const exitCode = await main(process.argv.slice(2));
if (exitCode !== undefined) process.exitCode = exitCode;
