// The stemmer of a search page's language, from @orama/stemmers, fetched only for the page
// that needs it (each is a chunk of its own in assets/chunks/). Keyed by the primary subtag
// of the page's BCP 47 tag ("en-GB" → "en"); a language not listed matches exact words only.
import type { Stemmer } from "./search-match.ts";

type Loader = () => Promise<{ stemmer: Stemmer }>;

/** BCP 47 primary language subtag → the @orama/stemmers module for that language. */
export const STEMMERS: Readonly<Record<string, Loader>> = {
  ar: () => import("@orama/stemmers/arabic"),
  bg: () => import("@orama/stemmers/bulgarian"),
  da: () => import("@orama/stemmers/danish"),
  de: () => import("@orama/stemmers/german"),
  el: () => import("@orama/stemmers/greek"),
  en: () => import("@orama/stemmers/english"),
  es: () => import("@orama/stemmers/spanish"),
  fi: () => import("@orama/stemmers/finnish"),
  fr: () => import("@orama/stemmers/french"),
  ga: () => import("@orama/stemmers/irish"),
  hi: () => import("@orama/stemmers/indian"), // Hindi
  hu: () => import("@orama/stemmers/hungarian"),
  hy: () => import("@orama/stemmers/armenian"),
  id: () => import("@orama/stemmers/indonesian"),
  it: () => import("@orama/stemmers/italian"),
  lt: () => import("@orama/stemmers/lithuanian"),
  nb: () => import("@orama/stemmers/norwegian"),
  ne: () => import("@orama/stemmers/nepali"),
  nl: () => import("@orama/stemmers/dutch"),
  nn: () => import("@orama/stemmers/norwegian"),
  no: () => import("@orama/stemmers/norwegian"),
  pt: () => import("@orama/stemmers/portuguese"),
  ro: () => import("@orama/stemmers/romanian"),
  ru: () => import("@orama/stemmers/russian"),
  sa: () => import("@orama/stemmers/sanskrit"),
  sr: () => import("@orama/stemmers/serbian"),
  sv: () => import("@orama/stemmers/swedish"),
  ta: () => import("@orama/stemmers/tamil"),
  tr: () => import("@orama/stemmers/turkish"),
  uk: () => import("@orama/stemmers/ukrainian"),
};

/** The primary subtag of a language tag, lower-cased ("pt-BR" → "pt"). */
export function primaryLanguage(lang: string): string {
  return lang.split("-")[0]!.toLowerCase();
}

/** The page language's stemmer, or undefined when there is none (exact words only). */
export async function loadStemmer(lang: string): Promise<Stemmer | undefined> {
  const load = STEMMERS[primaryLanguage(lang)];
  if (!load) return undefined;
  return (await load()).stemmer;
}
