// Checks on a finished site folder, run before it replaces dist/: links always, HTML
// validation on request. Any problem stops the build with every problem listed.
import type { SiteConfig } from "../site/config.ts";
import {
  checkLinks,
  type LinkCheckOptions,
  type LinkReference,
  type SiteProblem,
} from "./links.ts";

export {
  checkLinks,
  htmlLinks,
  LinkLedger,
  listFiles,
  xmlLinks,
  type LinkReference,
  type SiteProblem,
} from "./links.ts";
// HTML validation lives in ./validate-html.ts, imported only when asked for: html-validate
// takes a third of a second to load, and most builds do not validate.
export { RECOMMENDED_CSP } from "./csp.ts";

/** The built site failed a check; the build stops and the previous site stays in place. */
export class SiteCheckError extends Error {
  override name = "SiteCheckError";
  constructor(readonly problems: SiteProblem[]) {
    super(formatSiteProblems(problems));
  }
}

const SHOWN = 50;

export function formatSiteProblems(problems: readonly SiteProblem[]): string {
  const lines = problems
    .slice(0, SHOWN)
    .map((p) => `  ${p.file}${p.line === undefined ? "" : `:${p.line}`}  ${p.message}`);
  if (problems.length > SHOWN) lines.push(`  … and ${problems.length - SHOWN} more`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return (
    `The built site has ${count}:\n${lines.join("\n")}\n` +
    "These come from the templates or the site code, not from one article's text; fix the page that writes them."
  );
}

export interface CheckSiteOptions {
  /** Project root, where .htmlvalidate.json lives. */
  root: string;
  config: SiteConfig;
  /** Also validate every page's HTML (slower). */
  validate?: boolean;
  /** Site-relative prefixes allowed to be missing (e.g. "pagefind/" when search was skipped). */
  absent?: readonly string[];
  /** Read only the documents this accepts (the rest were checked as they were rendered, or by an earlier build). */
  read?: (file: string) => boolean;
  /** Links collected while rendering that still need the finished folder to be settled. */
  references?: readonly LinkReference[];
  /** Link problems already found while rendering. */
  problems?: readonly SiteProblem[];
  /** Files of another folder the published site will also hold (an incremental build's kept files). */
  beside?: { dir: string; files: { has(file: string): boolean } };
  /** Every file of `dir`, when the caller has listed them already. */
  files?: readonly string[];
  /** A folder still being written beside the check (see LinkCheckOptions.pending). */
  pending?: LinkCheckOptions["pending"];
}

/** Throws SiteCheckError listing every problem; resolves when the site passes. */
export async function checkSite(dir: string, options: CheckSiteOptions): Promise<void> {
  const problems = await checkLinks(dir, options.config, {
    absent: options.absent ?? [],
    ...(options.read ? { read: options.read } : {}),
    references: options.references ?? [],
    problems: options.problems ?? [],
    ...(options.beside ? { beside: options.beside } : {}),
    ...(options.files ? { files: options.files } : {}),
    ...(options.pending ? { pending: options.pending } : {}),
  });
  if (options.validate) {
    const { readHtmlValidateConfig, validateHtml } = await import("./validate-html.ts");
    problems.push(...(await validateHtml(dir, await readHtmlValidateConfig(options.root))));
  }
  if (problems.length > 0) throw new SiteCheckError(problems);
}
