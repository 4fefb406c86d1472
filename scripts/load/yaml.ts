// YAML reading with the traps designed out: YAML 1.2 core schema (dates and
// "yes" stay text), no duplicate keys, no aliases or anchors, no custom tags,
// and enough position data to point at the line of any field.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Parser, visit } from "yaml";
import type { CST, Document, Node, YAMLError } from "yaml";
import type { ContentProblem } from "./types.ts";

/** A parsed YAML text and what is needed to point into it. */
export interface YamlSource {
  /** File the YAML came from, for messages. */
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The YAML text itself (values are shown to people as they were written). */
  text: string;
  /** Added to the YAML's own 1-based line numbers to give the file's line numbers. */
  lineOffset: number;
}

export type PathSegment = string | number;

export interface ParsedYaml {
  source: YamlSource;
  /** The plain data, present only when the YAML itself had no problems. */
  data?: unknown;
  problems: ContentProblem[];
}

/**
 * Parses one YAML document. Anything that makes the data untrustworthy
 * (syntax errors, duplicate keys, aliases, unknown tags) is reported and
 * leaves `data` undefined, so schema checks never run on a guess.
 */
export function parseYaml(file: string, text: string, lineOffset = 0): ParsedYaml {
  const lines = new LineCounter();
  const deep = tooDeep(file, text);
  if (deep) {
    const empty = parseDocument("");
    return {
      source: { file, doc: empty, lines, text, lineOffset },
      problems: [{ ...deep, line: (deep.line ?? 1) + lineOffset }],
    };
  }
  const doc = parseDocument(text, {
    schema: "core",
    version: "1.2",
    // An explicit !!timestamp or !!binary would otherwise still become a Date or bytes.
    resolveKnownTags: false,
    merge: false,
    uniqueKeys: true,
    stringKeys: true,
    strict: true,
    prettyErrors: false,
    lineCounter: lines,
  });
  const source: YamlSource = { file, doc, lines, text, lineOffset };
  const problems = [...doc.errors, ...doc.warnings].map((error) => yamlErrorProblem(source, error));
  problems.push(...aliasProblems(source));
  if (problems.length > 0) return { source, problems };
  // maxAliasCount 0: aliases were refused above; this makes sure none expands.
  return { source, data: doc.toJS({ maxAliasCount: 0 }), problems };
}

function yamlErrorProblem(source: YamlSource, error: YAMLError): ContentProblem {
  const position = error.pos[0];
  const path = pathAt(source.doc, position);
  // An unclosed quote is detected where the text runs out; the person needs
  // the line where the quoted value starts.
  const line =
    error.code === "MISSING_CHAR"
      ? lineAt(source, startOfValueAt(source.doc, position))
      : lineAt(source, position);
  const base = { file: source.file, field: formatPath(path), line };
  const written = source.text.slice(error.pos[0], error.pos[1]).split("\n")[0] ?? "";
  switch (error.code) {
    case "DUPLICATE_KEY":
      return {
        ...base,
        message: `expected each field once, found ${JSON.stringify(String(path[path.length - 1] ?? written))} a second time`,
        fix: "keep one of the two and delete the other",
      };
    case "MULTIPLE_DOCS":
      return {
        ...base,
        message: "expected one YAML document, found a second one after a line ---",
        fix: "remove the extra --- line (and merge what follows it into the first part)",
      };
    case "TAG_RESOLVE_FAILED":
    case "BAD_DIRECTIVE":
      return {
        ...base,
        message: `expected plain values, found the YAML tag or directive ${JSON.stringify(written)}`,
        fix: "remove it and write the value as text in double quotes",
      };
    case "MISSING_CHAR":
      return {
        ...base,
        message: `expected valid YAML, found a syntax error: ${firstLine(error.message)}`,
        fix: 'add the missing closing quote at the end of the value (a " inside it is written \\")',
      };
    case "NON_STRING_KEY":
      return {
        ...base,
        message: "expected a field name, found a list or mapping used as a key",
        fix: "write a plain field name before the colon",
      };
    default:
      return {
        ...base,
        message: `expected valid YAML, found a syntax error: ${firstLine(error.message)}`,
        fix: 'check this line: put text containing ": " or " #" in double quotes, and indent list items consistently',
      };
  }
}

/**
 * The content format nests four levels at most (versions → version → field). Far deeper
 * nesting ("[[[[…" thousands deep) is refused before the YAML is composed: composing,
 * converting, schema checks and field paths are all recursive, and can exhaust the stack
 * or memory on such input. The depth is read from yaml's concrete syntax tree, which its
 * parser builds without recursion, and walked here without recursion too.
 */
export const MAX_DEPTH = 16;

function tooDeep(file: string, text: string): ContentProblem | undefined {
  type Item = { key?: CST.Token | null; value?: CST.Token | null; start: CST.SourceToken[] };
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document" || !token.value) continue;
    const stack: { node: CST.Token; depth: number }[] = [{ node: token.value, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (
        node.type !== "block-map" &&
        node.type !== "block-seq" &&
        node.type !== "flow-collection"
      ) {
        continue;
      }
      if (depth >= MAX_DEPTH) {
        const line = text.slice(0, node.offset).split("\n").length;
        return {
          file,
          field: "",
          line,
          message: `expected fields nested at most ${MAX_DEPTH} levels deep, found deeper nesting from this line`,
          fix: "write each value as plain text in double quotes; the format never nests lists this deep",
        };
      }
      for (const item of node.items as Item[]) {
        if (item.key) stack.push({ node: item.key, depth: depth + 1 });
        if (item.value) stack.push({ node: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function aliasProblems(source: YamlSource): ContentProblem[] {
  const problems: ContentProblem[] = [];
  visit(source.doc, (_key, node) => {
    if (isAlias(node) || ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor)) {
      const start = (node as Node).range?.[0] ?? 0;
      const name = isAlias(node)
        ? `*${node.source}`
        : `&${(node as Node & { anchor: string }).anchor}`;
      problems.push({
        file: source.file,
        field: formatPath(pathAt(source.doc, start)),
        line: lineAt(source, start),
        message: `expected every value written out, found the YAML ${isAlias(node) ? "alias" : "anchor"} ${name}`,
        fix: "write the value out in full; aliases and anchors are not allowed in content",
      });
    }
  });
  return problems;
}

/** The file's 1-based line number for an offset in the YAML text. */
export function lineAt(source: YamlSource, offset: number): number {
  return source.lines.linePos(offset).line + source.lineOffset;
}

/**
 * The line to report for a field path: the line of its key when it exists,
 * otherwise the line where the closest existing parent starts.
 */
export function lineOfPath(source: YamlSource, path: readonly PathSegment[]): number | undefined {
  let node: unknown = source.doc.contents;
  let line = node ? lineAt(source, (node as Node).range?.[0] ?? 0) : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === segment,
      );
      if (!pair) return line;
      const key = pair.key as Node;
      if (key.range) line = lineAt(source, key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (!item) return line;
      if (item.range) line = lineAt(source, item.range[0]);
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

/** The value at a path exactly as written in the YAML text, when it is a short scalar. */
export function writtenAt(source: YamlSource, path: readonly PathSegment[]): string | undefined {
  const node = source.doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return source.text.slice(node.range[0], node.range[1]);
}

/** Path of the deepest key or item whose text contains the offset. */
function pathAt(doc: Document.Parsed, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  const contains = (candidate: unknown): boolean => {
    const range = (candidate as Node | null)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[1], range[2]);
  };
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => contains(item.key) || contains(item.value));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (contains(pair.key)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(contains);
      if (index === -1) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

/** Where the innermost value containing the offset (end included) starts. */
function startOfValueAt(doc: Document.Parsed, offset: number): number {
  let node: unknown = doc.contents;
  let start = offset;
  const contains = (candidate: unknown): boolean => {
    const range = (candidate as Node | null)?.range;
    return !!range && range[0] <= offset && offset <= Math.max(range[1], range[2]);
  };
  while (contains(node)) {
    start = (node as Node).range?.[0] ?? start;
    if (isMap(node))
      node = node.items.find((item) => contains(item.key) || contains(item.value))?.value;
    else if (isSeq(node)) node = node.items.find(contains);
    else break;
  }
  return start;
}

/** ["versions", 2, "captured_at"] → "versions[2].captured_at". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
}
