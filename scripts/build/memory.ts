// Node's flags for a process that builds the site.

/**
 * The size of V8's semi-spaces (the young generation, where new objects start), in MB. The
 * build allocates much that lives a little while (parsed articles, rendered pages, the
 * record's summaries); with V8's default it is copied and collected far more often.
 */
export const SEMI_SPACE_MB = 32;

/**
 * Node's flags for a process that builds the site. `npm run build` passes the same in
 * package.json (a test keeps the two in step); scripts that start a build use these.
 */
export const BUILD_NODE_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`];
