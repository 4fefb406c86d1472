// A new article's slug: its permanent address on the site, chosen once.
import { createHash } from "node:crypto";
import { nameProblem, suggestName } from "../load/names.ts";

const MAX_LENGTH = 80;

/**
 * Picks a slug for a new article that `taken` does not already hold. Tries, in
 * order: the URL's last path segment (without a file extension), that segment
 * with its parent's name in front, the headline; then the first of these with
 * "-2", "-3", … after it. When the URL has a query string its path is usually
 * generic ("article.php?id=…"), so the headline comes first. A candidate needs
 * three letters in a row to count as a name rather than an id.
 *
 * Letters are transliterated, not dropped ("Straße" → "strasse", "Новости" → "novosti"), by
 * the rules of the source's `language` where languages differ. Only a new article gets a
 * slug: an existing file keeps its name, whatever this would choose for it now.
 */
export function chooseSlug(
  url: string,
  headline: string,
  taken: (slug: string) => boolean,
  language?: string,
): string {
  const candidates = slugCandidates(url, headline, language);
  for (const candidate of candidates) if (!taken(candidate)) return candidate;
  const base =
    candidates[0] ?? `article-${createHash("sha256").update(url).digest("hex").slice(0, 8)}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const numbered = `${shorten(base, MAX_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken(numbered)) return numbered;
  }
}

export function slugCandidates(url: string, headline: string, language?: string): string[] {
  let segments: string[] = [];
  let hasQuery = false;
  try {
    const parsed = new URL(url);
    hasQuery = parsed.search !== "";
    segments = parsed.pathname
      .split("/")
      .filter((segment) => segment !== "")
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
  } catch {
    // Lines are validated before this, so the URL parses; fall back to the headline.
  }
  const last = stripExtension(segments[segments.length - 1] ?? "");
  const parent = segments[segments.length - 2] ?? "";
  const fromUrl = [last, parent === "" ? "" : `${parent}-${last}`];
  const ordered = hasQuery ? [headline, ...fromUrl] : [...fromUrl, headline];
  const usable: string[] = [];
  for (const text of ordered) {
    const slug = shorten(suggestName(text, language), MAX_LENGTH);
    if (/[a-z]{3}/.test(slug) && !nameProblem(slug, "slug") && !usable.includes(slug)) {
      usable.push(slug);
    }
  }
  return usable;
}

function stripExtension(segment: string): string {
  return segment.replace(/\.(s?html?|php\d?|aspx?|jsp|cgi|stm|md|txt)$/i, "");
}

/** Cuts a slug to at most `max` characters, at a hyphen when there is one. */
function shorten(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const hyphen = cut.lastIndexOf("-");
  return (hyphen > max / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, "");
}
