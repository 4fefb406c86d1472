// Language tags (BCP 47), checked by the platform's own parser (Intl.getCanonicalLocales)
// rather than a pattern. A source's tag is written as its canonical form: pages declare it
// (`lang`), search builds one index per tag and `/search/<tag>/` is named after it, so "en-gb"
// and "en-GB" must not become two languages. A tag in another form is refused with the
// canonical one as the fix; commands that write a tag (import --language) write the canonical
// form of what they were given.

/** The canonical form of a language tag ("en-gb" → "en-GB"), or undefined if it is not one. */
export function canonicalLanguage(tag: string): string | undefined {
  // A language subtag of 2–3 letters (ISO 639): BCP 47 also allows 5–8 letters, which no
  // registered language uses and which would make a word such as "English" a tag.
  if (!/^[A-Za-z]{2,3}(?:-|$)/.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** What is wrong with a language tag, and how to fix it; undefined when it is canonical. */
export function languageProblem(tag: string): { message: string; fix: string } | undefined {
  const canonical = canonicalLanguage(tag);
  if (canonical === tag) return undefined;
  const found = JSON.stringify(tag);
  if (canonical !== undefined) {
    return {
      message: `expected a language tag in its canonical form, found ${found}`,
      fix: `write it as ${JSON.stringify(canonical)}`,
    };
  }
  const underscored = canonicalLanguage(tag.replace(/_/g, "-"));
  const named = languageNamed(tag);
  return {
    message: `expected a BCP 47 language tag such as "en", "pt-BR" or "zh-Hans", found ${found}`,
    fix:
      underscored !== undefined
        ? `write it as ${JSON.stringify(underscored)} (subtags are separated by "-")`
        : named !== undefined
          ? `write the tag, not the name: ${JSON.stringify(named)}`
          : 'write the language as a short tag: "en", "fr", "pt-BR", "zh-Hans"',
  };
}

/** The two-letter tag of a language given by its English name ("English" → "en"), if any. */
function languageNamed(name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (!/^[a-z][a-z ]+$/.test(wanted)) return undefined;
  let names: Intl.DisplayNames;
  try {
    names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
  } catch {
    return undefined;
  }
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (const a of letters) {
    for (const b of letters) {
      if (names.of(a + b)?.toLowerCase() === wanted) return a + b;
    }
  }
  return undefined;
}
