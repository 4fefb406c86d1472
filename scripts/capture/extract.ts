// From a page to a version's text: headline, byline, standfirst and body
// paragraphs. A source's `extract` rules (CSS selectors and patterns, as data)
// come first; Readability over linkedom finds what the rules leave out. The
// page is only ever parsed, never run: scripts, styles and event handlers are
// dropped before anything is read, and all that leaves here is plain text.
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import type { ExtractRules } from "../load/schema.ts";
import { normaliseLine } from "../load/text.ts";

export interface Extracted {
  headline?: string;
  byline?: string;
  standfirst?: string;
  paragraphs: string[];
  /** The page's <title>, for recognising block pages. */
  title?: string;
}

export interface Extractor {
  /** "rules", "readability", or "rules+readability". */
  name: string;
  /** Changes whenever the same page could give different text: library, this code, the rules. */
  version: string;
}

/**
 * Bumped whenever this file's extraction changes in a way that changes text,
 * so versions record which extraction made them.
 */
const EXTRACTION_REVISION = 1;

const READABILITY_VERSION: string = (
  createRequire(import.meta.url)("@mozilla/readability/package.json") as { version: string }
).version;

export function extractorOf(rules: ExtractRules | undefined): Extractor {
  const usesRules =
    rules !== undefined &&
    (rules.headline ?? rules.byline ?? rules.standfirst ?? rules.body) !== undefined;
  const name = rules?.body ? "rules" : usesRules ? "rules+readability" : "readability";
  const parts = [`${EXTRACTION_REVISION}`];
  if (!rules?.body) parts.push(`readability-${READABILITY_VERSION}`);
  if (rules) {
    const digest = createHash("sha256").update(JSON.stringify(rules)).digest("hex").slice(0, 12);
    parts.push(`rules-${digest}`);
  }
  return { name, version: parts.join("+") };
}

/** Elements whose text is never article text, and that could carry active content. */
const INERT =
  "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, dialog";

/** Leaf blocks of a body: each becomes one paragraph. */
const BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dd, dt";

/**
 * Page chrome removed before Readability looks for the body (after the headline
 * and byline are read, which often sit in a <header>).
 */
const CHROME = [
  "nav, header, footer, aside",
  '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="dialog"]',
  '[class*="cookie"], [id*="cookie"], [class*="consent"], [id*="consent"]',
  '[class*="related"], [class*="advert"], [class*="promo"], [class*="newsletter"]',
  '[class*="share"], [class*="comment"], [class*="byline"], [class*="dateline"], time',
].join(", ");

/** Whole paragraphs that are page furniture (in English; sources add their own patterns). */
const FURNITURE = [
  /^(updated|published|posted|last (updated|modified))\b.{0,60}$/i,
  /^\d+ (seconds?|minutes?|hours?|days?) ago$/i,
  /^(related|more|recommended|most read|popular)( articles| stories| on this topic)?:?$/i,
  /^(read more|share( this( article)?)?|advertisement|sponsored|skip to (main )?content)$/i,
  /^\d[\d,.]*\s+comments?$/i,
];

export function extract(html: string, rules?: ExtractRules): Extracted {
  const { document } = parseHTML(html);
  for (const element of Array.from(document.querySelectorAll(INERT))) element.remove();
  const patterns = (rules?.remove_patterns ?? []).map((source) => new RegExp(source, "giu"));
  for (const selector of rules?.remove ?? []) {
    for (const element of Array.from(select(document, selector))) element.remove();
  }
  const clean = (text: string | null | undefined): string | undefined => {
    if (text === null || text === undefined) return undefined;
    let out = text;
    for (const pattern of patterns) out = out.replace(pattern, " ");
    const line = normaliseLine(out);
    return line === "" ? undefined : line;
  };
  const meta = (selector: string): string | undefined =>
    clean(document.querySelector(selector)?.getAttribute("content"));
  const title = clean(document.querySelector("title")?.textContent);

  const one = (selector: string | undefined): string | undefined => {
    if (selector === undefined) return undefined;
    const element = select(document, selector)[0];
    return element ? clean(textOf(element)) : undefined;
  };

  let headline = one(rules?.headline);
  let byline = one(rules?.byline);
  let standfirst = one(rules?.standfirst);
  let paragraphs: string[];

  if (rules?.body) {
    paragraphs = select(document, rules.body)
      .map((element) => clean(textOf(element)))
      .filter((text): text is string => text !== undefined);
    headline ??= meta('meta[property="og:title"]') ?? one("h1") ?? title;
  } else {
    headline ??= meta('meta[property="og:title"]') ?? one("h1");
    const metaByline =
      meta('meta[name="author"]') ??
      clean(one('[rel="author"], [class*="byline"]')?.replace(/^by\s+/i, ""));
    for (const element of Array.from(document.querySelectorAll(CHROME))) element.remove();
    const metaStandfirst =
      meta('meta[property="og:description"]') ?? meta('meta[name="description"]');
    // Readability changes the document it reads: it goes last.
    const article = new Readability<Element>(document as unknown as Document, {
      serializer: (node) => node as Element,
      disableJSONLD: true,
    }).parse();
    const root = article?.content ?? undefined;
    paragraphs = root ? paragraphsOf(root, clean) : [];
    headline ??= clean(article?.title) ?? title;
    byline ??= metaByline ?? clean(article?.byline);
    if (standfirst === undefined && metaStandfirst !== undefined) {
      // A description that is the start of a longer first paragraph is a teaser, not a standfirst.
      const stem = metaStandfirst.replace(/(…|\.\.\.)$/, "");
      const teaser = paragraphs
        .slice(0, 3)
        .some((text) => text !== metaStandfirst && text.startsWith(stem));
      if (!teaser) standfirst = metaStandfirst;
    }
  }
  paragraphs = paragraphs.filter((text) => !FURNITURE.some((pattern) => pattern.test(text)));
  // The headline, byline or standfirst repeated as a paragraph is not body text.
  paragraphs = paragraphs.filter(
    (text, index) => text !== headline && (index > 2 || (text !== byline && text !== standfirst)),
  );
  return {
    ...(headline ? { headline } : {}),
    ...(byline ? { byline } : {}),
    ...(standfirst ? { standfirst } : {}),
    paragraphs,
    ...(title ? { title } : {}),
  };
}

function select(document: ParentNode, selector: string): Element[] {
  try {
    return Array.from(document.querySelectorAll(selector));
  } catch {
    throw new Error(`the extract rule ${JSON.stringify(selector)} is not a valid CSS selector`);
  }
}

/** Text of an element with line breaks as spaces (so "a<br>b" is not "ab"). */
function textOf(element: Element): string {
  for (const br of Array.from(element.querySelectorAll("br"))) br.replaceWith(" ");
  return element.textContent ?? "";
}

function paragraphsOf(
  root: Element,
  clean: (text: string | null | undefined) => string | undefined,
): string[] {
  const blocks = Array.from(root.querySelectorAll(BLOCKS)).filter(
    (element) => element.querySelector(BLOCKS) === null,
  );
  const texts =
    blocks.length > 0
      ? blocks.map((element) => clean(textOf(element)))
      : (root.textContent ?? "").split(/\n\s*\n/).map(clean);
  return texts.filter((text): text is string => text !== undefined);
}

/**
 * Built-in block pages: bot checks, paywalls, consent walls. Matched against
 * the page title, the headline and each extracted paragraph (never the page's
 * chrome, so an ordinary cookie banner on a real article is not a block page).
 */
export const DEFAULT_BLOCK_PATTERNS = [
  "^just a moment\\.*$",
  "checking (if the site connection is secure|your browser)",
  "enable javascript and cookies to continue",
  "(verify|confirm) (that )?you are (a )?human",
  "are you a robot",
  "^attention required",
  "^access denied",
  "subscribe (now )?to (continue|keep) reading",
  "(this|the) (article|story|content) is (only )?(available|reserved) (to|for) (subscribers|members)",
  "already a subscriber\\? (log|sign) in",
  "we value your privacy",
  "before you continue to",
  "(accept|reject) (all )?cookies to continue",
];

/** The pattern that marks this as a block page, if any. */
export function blockedBy(extracted: Extracted, extra: readonly string[] = []): string | undefined {
  const texts = [extracted.title, extracted.headline, ...extracted.paragraphs.slice(0, 8)].filter(
    (text): text is string => text !== undefined,
  );
  for (const source of [...DEFAULT_BLOCK_PATTERNS, ...extra]) {
    const pattern = new RegExp(source, "iu");
    if (texts.some((text) => pattern.test(text))) return source;
  }
  return undefined;
}
