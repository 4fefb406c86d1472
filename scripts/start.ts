// `npm start`: build the site, serve dist/ locally, rebuild and reload on every edit.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { BUILD_NODE_FLAGS } from "./build/memory.ts";
import { readSiteConfig } from "./site/config.ts";

const HELP = `Usage: npm start [-- --port <n>]

Builds the site (npm run build), serves dist/ at http://localhost:8080/ and
rebuilds whenever something in content/, templates/ or scripts/ changes; open
pages reload by themselves. A build that fails keeps the last good site served
and prints every problem.

Options:
  --port <n>  port to serve on (default: 8080; the next free one if taken)
  --help      show this text`;

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!(await build()))
    console.error("The first build failed; fix the problems above and save to rebuild.");
  const server = EleventyDevServer.getServer("diff-archive", path.join(root, "dist"), {
    pathPrefix: readSiteConfig().basePath,
    portReassignmentRetryCount: 20,
  });
  server.serve(Number(values.port));

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

await main();
