// `check --base <ref>`: the content folder now, compared with the same folder
// at a git ref (a pull request's base). Only files git reports as changed are
// read at the ref, so a check costs what the pull request touches.
import { execFile } from "node:child_process";
import { readFile, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { SOURCES_FILE } from "../load/load.ts";
import { parseArticleText } from "../load/parse.ts";
import { decodeUtf8 } from "../load/text.ts";
import type { ContentProblem } from "../load/types.ts";
import { indexArchive, urlKey } from "./files.ts";
import { compareArticle, compareSources } from "./history.ts";
import type { CompareContext } from "./history.ts";

const run = promisify(execFile);

/** The command cannot compare at all (no git, unknown ref): a usage problem, not a content one. */
export class BaseRefError extends Error {
  override name = "BaseRefError";
}

export interface BaseComparison {
  /** Every change that rewrites history, phrased with how to do it properly. */
  problems: ContentProblem[];
  articlesAdded: number;
  versionsAppended: number;
  fieldsCorrected: number;
}

export interface CompareOptions {
  /** Paths in problems are relative to this folder (default: the working directory). */
  root?: string;
  /** Suggested date for corrections entries (default: now). */
  now?: string;
}

export async function compareWithBase(
  contentDir: string,
  ref: string,
  options: CompareOptions = {},
): Promise<BaseComparison> {
  const root = options.root ?? process.cwd();
  const context: CompareContext = {
    ref,
    now: options.now ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  const content = await realpath(contentDir).catch(() => {
    throw new BaseRefError(`cannot compare ${contentDir} with ${ref}: the folder does not exist`);
  });
  const git = async (args: string[]): Promise<Buffer> =>
    (
      await run("git", args, {
        cwd: content,
        encoding: "buffer",
        maxBuffer: 1024 * 1024 * 1024,
      })
    ).stdout;

  let top: string;
  try {
    top = (await git(["rev-parse", "--show-toplevel"])).toString("utf8").trim();
  } catch {
    throw new BaseRefError(
      `cannot compare with ${ref}: ${contentDir} is not inside a git repository (or git is not installed)`,
    );
  }
  try {
    await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new BaseRefError(
      `cannot compare with ${ref}: no such commit or branch here. Fetch it first (git fetch origin <branch>); in GitHub Actions, check out with fetch-depth: 0`,
    );
  }
  // Paths as git knows them (relative to the repository's top, with "/").
  const prefix = relative(await realpath(top), content)
    .split(sep)
    .join("/");
  const inContent = (path: string): string =>
    prefix === "" ? path : path.slice(prefix.length + 1);
  const pathspec = prefix === "" ? "." : `${prefix}/`;
  const list = async (args: string[]): Promise<string[]> =>
    (await git(["-C", top, ...args, "--", pathspec]))
      .toString("utf8")
      .split("\0")
      .filter((path) => path !== "");

  const baseFiles = new Set(
    (await list(["ls-tree", "-r", "-z", "--name-only", ref])).map(inContent),
  );
  const changed = (await list(["diff", "--name-only", "-z", "--no-renames", ref])).map(inContent);
  const show = (path: string): string => relative(root, join(content, path)).split(sep).join("/");
  const isArticle = (path: string): boolean => /^[^/]+\/[^/]+\.md$/.test(path);
  const readBase = async (path: string): Promise<string> =>
    decodeUtf8(
      await git(["-C", top, "show", `${ref}:${prefix === "" ? "" : `${prefix}/`}${path}`]),
    ) ?? "";
  const readHead = async (path: string): Promise<string | undefined> => {
    try {
      return decodeUtf8(await readFile(join(content, path)));
    } catch {
      return undefined;
    }
  };

  const problems: ContentProblem[] = [];
  let versionsAppended = 0;
  let fieldsCorrected = 0;
  let moved = 0;
  let headIndex: Awaited<ReturnType<typeof indexArchive>> | undefined;

  for (const path of changed) {
    if (!baseFiles.has(path)) continue;
    if (path === SOURCES_FILE) {
      problems.push(
        ...compareSources(show(path), await readBase(path), await readHead(path), context),
      );
      continue;
    }
    if (!isArticle(path)) continue;
    const baseText = await readBase(path);
    const headText = await readHead(path);
    if (headText !== undefined) {
      const change = compareArticle(show(path), baseText, headText, context);
      problems.push(...change.problems);
      versionsAppended += change.appended;
      fieldsCorrected += change.corrected;
      continue;
    }
    headIndex ??= await indexArchive(content);
    const url = urlOf(path, baseText);
    const now = url === undefined ? undefined : headIndex.byUrl.get(urlKey(url));
    if (now) {
      moved++;
      // Edits made along with the move are refused too, at the new path.
      const movedText = decodeUtf8(await readFile(now.path));
      if (movedText !== undefined) {
        const change = compareArticle(
          relative(root, now.path).split(sep).join("/"),
          baseText,
          movedText,
          context,
        );
        problems.push(...change.problems);
      }
    }
    problems.push(
      now
        ? {
            file: show(path),
            field: "",
            message: `expected the article to stay at this path, found it moved to ${relative(root, now.path).split(sep).join("/")}`,
            fix: `move it back (git mv): an article's source folder and file name are its permanent address on the site`,
          }
        : {
            file: show(path),
            field: "",
            message: `expected the article from ${ref} to stay, found the file deleted`,
            fix: `restore it (git checkout ${ref} -- ${prefix === "" ? "" : `${prefix}/`}${path}): articles are never deleted. To stop checking it for changes, set tracking: "stopped"`,
          },
    );
  }

  headIndex ??= await indexArchive(content);
  let articlesAdded = 0;
  for (const location of headIndex.byUrl.values()) {
    if (!baseFiles.has(`${location.source}/${location.slug}.md`)) articlesAdded++;
  }
  // A moved article also shows up as a new file; it is not an addition.
  articlesAdded -= moved;
  return { problems, articlesAdded, versionsAppended, fieldsCorrected };
}

function urlOf(file: string, text: string): string | undefined {
  const data = parseArticleText(file, text).yaml?.data;
  const url =
    data !== null && typeof data === "object" ? (data as { url?: unknown }).url : undefined;
  return typeof url === "string" ? url : undefined;
}
