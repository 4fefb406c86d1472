// Source keys and slugs become folders under content/ and segments of site URLs,
// so they are checked once here and the site code can rely on them.
import transliterate from "@sindresorhus/transliterate";
import { NAME_PATTERN } from "./schema.ts";

/**
 * Source keys the site uses for its own top-level routes (`/sources/`, `/search/`,
 * `/page/2/`, `/feeds/`, `/headlines/`, `/substantive/`, `/corrections/`, `/without-notice/`,
 * `/statistics/`, static files, the Pagefind bundle, JSON data).
 * A source with one of these keys would shadow or collide with those pages.
 */
export const RESERVED_SOURCE_KEYS: readonly string[] = Object.freeze([
  "sources",
  "search",
  "page",
  "feeds",
  "assets",
  "pagefind",
  "data",
  "headlines",
  "substantive",
  "corrections",
  "without-notice",
  "statistics",
]);

/**
 * Slugs the site uses inside a source's folder (`/<source>/page/2/` paginates the source;
 * `/<source>/corrections/`, `/<source>/without-notice/`, `/<source>/statistics/`).
 */
export const RESERVED_SLUGS: readonly string[] = Object.freeze([
  "page",
  "corrections",
  "without-notice",
  "statistics",
]);

/**
 * Names Windows keeps for devices, with or without an extension ("con.md" too): a file or
 * folder of that name cannot be created there, so the archive would not check out, nor its
 * site build, on a contributor's Windows machine.
 */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/;

export type NameKind = "source" | "slug";

/** What is wrong with a source key or slug, or undefined when it is fine. */
export function nameProblem(
  name: string,
  kind: NameKind,
): { message: string; fix: string } | undefined {
  const what = kind === "source" ? "source folder name" : "file name";
  if (!NAME_PATTERN.test(name)) {
    const suggestion = suggestName(name);
    return {
      message: `expected a ${what} of lower-case letters, digits and single hyphens, found ${quote(name)}`,
      fix:
        suggestion === ""
          ? "rename it using only a-z, 0-9 and hyphens"
          : `rename it to ${quote(kind === "slug" ? `${suggestion}.md` : suggestion)}`,
    };
  }
  if (WINDOWS_DEVICE_NAME.test(name)) {
    return {
      message: `expected a ${what} that every system can create, found ${quote(name)}, a device name on Windows (con, prn, aux, nul, com1–com9, lpt1–lpt9), where it cannot be a file or folder`,
      fix: `choose another name, such as ${quote(kind === "slug" ? `${name}-1.md` : `${name}-news`)}`,
    };
  }
  const reserved = kind === "source" ? RESERVED_SOURCE_KEYS : RESERVED_SLUGS;
  if (reserved.includes(name)) {
    return {
      message: `expected a ${what} the site does not use for its own pages, found the reserved name ${quote(name)} (reserved: ${reserved.join(", ")})`,
      fix: `choose another name, such as ${quote(kind === "slug" ? `${name}-1.md` : `${name}-news`)}`,
    };
  }
  return undefined;
}

/**
 * A valid name close to the given one, or "" when nothing usable is left. Letters keep their
 * sound in Latin letters ("Straße" → "strasse", "København" → "kobenhavn", Cyrillic, Greek,
 * Arabic and the like transliterated), by the rules of `locale` (a BCP 47 tag) where they
 * differ between languages (in Swedish "ä" is "a", in German "ae").
 */
export function suggestName(name: string, locale?: string): string {
  return transliterate(name.normalize("NFC"), locale === undefined ? {} : { locale })
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function quote(value: string): string {
  return JSON.stringify(value);
}
