// What the search page counts as a match (scripts/client/search-match.ts): the same word once
// case, diacritics and punctuation are set aside, or the same stem; every term (AND); quoted
// phrases as consecutive words; excerpts as text around the real matches; suggestions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildExcerpt,
  fold,
  matchContent,
  normaliseWord,
  parseQuery,
  suggestionsFor,
  WordMatcher,
  type Range,
} from "../../scripts/client/search-match.ts";
import { loadStemmer, primaryLanguage, STEMMERS } from "../../scripts/client/stemmers.ts";

const english = new WordMatcher(await loadStemmer("en"));
const exact = new WordMatcher(undefined);

function marked(
  content: string,
  query: string,
  matcher = english,
  lang = "en",
): string[] | undefined {
  const match = matchContent(content, parseQuery(query).terms, matcher, lang);
  return match?.ranges.map((r: Range) => content.slice(r.start, r.end));
}

describe("search queries", () => {
  it("splits words and quoted phrases, and hands Pagefind every word unquoted", () => {
    const q = parseQuery(' Missile  "arms talks" Café ');
    assert.deepEqual(
      q.terms.map((t) => [t.text, t.words, t.phrase]),
      [
        ["Missile", ["missile"], false],
        ["arms talks", ["arms", "talks"], true],
        ["Café", ["cafe"], false],
      ],
    );
    assert.equal(q.pagefind, "missile arms talks cafe");
  });

  it("drops words without letters or digits, and repeats", () => {
    assert.deepEqual(
      parseQuery("pay & display & pay").terms.map((t) => t.text),
      ["pay", "display"],
    );
    assert.deepEqual(parseQuery('  " "  ').terms, []);
  });

  it("normalises as Pagefind does: case, diacritics and punctuation set aside", () => {
    assert.equal(fold("ÉCOLE Ñandú"), "ecole nandu");
    assert.equal(normaliseWord("Keeper's,"), "keepers");
    assert.equal(normaliseWord("pay-and-display"), "payanddisplay");
    assert.equal(normaliseWord("Ёлка"), "елка");
  });
});

describe("matching a result's text", () => {
  const text = "The keeper's brass telescope. Councillors met at the café; pay-and-display plans.";

  it("finds a word whatever its case, accents and surrounding punctuation", () => {
    assert.deepEqual(marked(text, "TELESCOPE"), ["telescope"]);
    assert.deepEqual(marked(text, "cafe"), ["café"]);
    assert.deepEqual(marked(text, "Café"), ["café"]);
  });

  it("finds a word of the same stem", () => {
    assert.deepEqual(marked(text, "councillor"), ["Councillors"]);
    assert.deepEqual(marked(text, "plan"), ["plans"]);
    assert.deepEqual(marked(text, "telescopes"), ["telescope"]);
  });

  it("does not take a word for another that merely begins like it", () => {
    assert.equal(marked(text, "tele"), undefined);
    assert.equal(marked(text, "council"), undefined, "“council” is not the stem of “councillors”");
    assert.equal(marked("international interview interchange", "interceptor"), undefined);
  });

  it("matches exact words only in a language without a stemmer", () => {
    assert.deepEqual(marked(text, "telescope", exact), ["telescope"]);
    assert.equal(marked(text, "telescopes", exact), undefined);
  });

  it("needs every word (AND)", () => {
    assert.deepEqual(marked(text, "brass café"), ["brass", "café"]);
    assert.equal(marked(text, "brass ferry"), undefined);
  });

  it("needs a quoted phrase's words side by side, each by word or stem", () => {
    assert.deepEqual(marked(text, '"brass telescope"'), ["brass telescope"]);
    assert.deepEqual(marked(text, '"brass telescopes"'), ["brass telescope"]);
    assert.equal(marked(text, '"telescope brass"'), undefined);
    assert.equal(marked(text, '"keeper telescope"'), undefined);
  });

  it("finds hyphenated words whole and by their parts", () => {
    assert.deepEqual(marked(text, "pay-and-display"), ["pay-and-display"]);
    assert.deepEqual(marked(text, "display"), ["display"]);
    assert.deepEqual(marked(text, '"pay and display"'), ["pay-and-display"]);
  });

  it("stems Russian words with the Russian stemmer", async () => {
    const russian = new WordMatcher(await loadStemmer("ru"));
    const ru = "Старый мост закрыт на ремонт до весны.";
    assert.deepEqual(marked(ru, "ремонта", russian, "ru"), ["ремонт"]);
    assert.deepEqual(marked(ru, "МОСТА", russian, "ru"), ["мост"]);
    assert.equal(marked(ru, "ремо", russian, "ru"), undefined);
  });

  it("finds characters in order in a language written without spaces", () => {
    const ja = "東京都の新しい橋が開通した。";
    assert.deepEqual(marked(ja, "新しい橋", exact, "ja"), ["新しい橋"]);
    assert.equal(marked(ja, "古い橋", exact, "ja"), undefined);
  });
});

describe("excerpts", () => {
  it("are text around the first match, with the matches marked and the rest elided", () => {
    const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
    words[50] = "<b>telescope</b>";
    const content = words.join(" ");
    const ranges = matchContent(content, parseQuery("telescope").terms, english, "en")!.ranges;
    const parts = buildExcerpt(content, ranges, 20);
    assert.equal(parts[0]!.text.startsWith("… w45 "), true);
    assert.deepEqual(
      parts.filter((p) => p.mark).map((p) => p.text),
      ["telescope"],
    );
    assert.ok(
      parts.some(
        (p) =>
          !p.mark &&
          p.text.endsWith("</b> w51 w52 w53 w54 w55 w56 w57 w58 w59 w60 w61 w62 w63 w64 …"),
      ),
    );
  });

  it("hold the whole text when it is short", () => {
    const parts = buildExcerpt("furious.", [{ start: 0, end: 7 }]);
    assert.deepEqual(parts, [
      { text: "furious", mark: true },
      { text: ".", mark: false },
    ]);
  });
});

describe("suggestions", () => {
  it("are the words sharing the longest beginning with a word no text holds", () => {
    assert.deepEqual(
      suggestionsFor("interceptor", ["an international interview in the inn", "the interval"]),
      { prefix: "inter", words: ["international", "interval", "interview"] },
    );
    assert.deepEqual(suggestionsFor("missi", ["Missile tests. Missiles, missile."]), {
      prefix: "missi",
      words: ["missile", "missiles"],
    });
  });

  it("keep accents as written, and need three letters in common", () => {
    assert.deepEqual(suggestionsFor("cafet", ["the Café"]), { prefix: "cafe", words: ["café"] });
    assert.equal(suggestionsFor("interceptor", ["in the inn"]), undefined);
  });
});

describe("stemmers", () => {
  it("are keyed by primary language subtags", () => {
    assert.equal(primaryLanguage("pt-BR"), "pt");
    for (const key of Object.keys(STEMMERS)) assert.match(key, /^[a-z]{2,3}$/);
  });

  it("all load and stem", async () => {
    for (const lang of Object.keys(STEMMERS)) {
      const stem = await loadStemmer(lang);
      assert.equal(typeof stem?.("word"), "string", lang);
    }
    assert.equal(await loadStemmer("zh"), undefined);
  });
});
