// Preloaded with `node -r` into a build that must run compiled: fails any import of tsx, in
// the main thread and in every worker thread (a worker runs `-r` preloads again; `--import`
// ones it does not, under Node 20). A worker module that fell back to its TypeScript source
// would boot tsx (scripts/build/threads.ts), and the build would stop with this error.
const { register } = require("node:module");
const { pathToFileURL } = require("node:url");

register("./no-tsx-hooks.mjs", pathToFileURL(__filename));
