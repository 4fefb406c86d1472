// What a reader sees change between two versions of one article.

import assert from "node:assert/strict";
import { test } from "node:test";
import { diffVersions, rebuild } from "../../scripts/diff/index.ts";
import type { Change, VersionText } from "../../scripts/diff/index.ts";
import { renderBlocks, renderChanges, renderSegments, version } from "./render.ts";

const ARTICLE = [
  "Russia and the United States have renewed talks on a missile shield in Europe, officials in Moscow said on Tuesday.",
  "The two sides met in Geneva for a second day of what both called “positive” discussions.",
  "A spokesman for the foreign ministry said the human rights situation was also discussed.",
  "Washington wants to place interceptor rockets in Poland and a radar station in the Czech Republic.",
  "Moscow says the system would threaten its own security and has warned of a new arms race.",
  "The talks are expected to continue next month in Washington.",
  "Neither side gave details of any proposals.",
  "Protesters gathered outside the hotel where the delegations were staying.",
];

/** ARTICLE with paragraph `index` replaced. */
function withParagraph(index: number, text: string): string[] {
  return ARTICLE.map((p, k) => (k === index ? text : p));
}

function diff(before: string[], after: string[]): Change {
  const change = diffVersions(version(before), version(after));
  // Every change in this file must also be exact.
  assert.deepEqual(rebuild(change, "old"), before);
  assert.deepEqual(rebuild(change, "new"), after);
  return change;
}

test("an unchanged article is all 'same' blocks, with no fields, no anchors and zero counts", () => {
  const change = diff(ARTICLE, [...ARTICLE]);
  assert.equal(change.blocks.length, 8);
  assert.ok(change.blocks.every((b) => b.kind === "same" && b.anchor === ""));
  assert.deepEqual(change.fields, []);
  assert.deepEqual(change.stats, {
    wordsAdded: 0,
    wordsRemoved: 0,
    paragraphsAdded: 0,
    paragraphsRemoved: 0,
    paragraphsEdited: 0,
    paragraphsMoved: 0,
    paragraphsSplit: 0,
    paragraphsMerged: 0,
    minorOnly: false,
  });
  assert.equal(change.fallback, false);
});

test("a headline-only change is a word diff of the headline and leaves the body alone", () => {
  const before: VersionText = {
    headline: "Russia, US renew 'positive' talks",
    paragraphs: ARTICLE,
  };
  const after: VersionText = { headline: "Russia-US missile talks 'stalled'", paragraphs: ARTICLE };
  const change = diffVersions(before, after);
  assert.deepEqual(
    change.fields.map((f) => [f.field, f.before, f.after, renderSegments(f.segments), f.minor]),
    [
      [
        "headline",
        "Russia, US renew 'positive' talks",
        "Russia-US missile talks 'stalled'",
        "[-Russia, US-]{+Russia-US+} [-renew-]{+missile talks+} '[-positive-]{+stalled+}'[- talks-]",
        false,
      ],
    ],
  );
  assert.deepEqual(renderChanges(change), []);
  assert.equal(change.stats.minorOnly, false);
});

test("a byline that appears and a standfirst that goes are field changes, in field order", () => {
  const before: VersionText = {
    headline: "Talks",
    standfirst: "Both sides upbeat",
    paragraphs: ARTICLE,
  };
  const after: VersionText = {
    headline: "Talks",
    byline: "By Steve Rosenberg",
    paragraphs: ARTICLE,
  };
  const change = diffVersions(before, after);
  assert.deepEqual(
    change.fields.map((f) => `${f.field}: ${renderSegments(f.segments)}`),
    ["byline: {+By Steve Rosenberg+}", "standfirst: [-Both sides upbeat-]"],
  );
  assert.equal(change.fields[0]!.before, undefined);
  assert.equal(change.fields[1]!.after, undefined);
});

test("'human rights' → 'human-rights' is a one-word edit while the seven other paragraphs stay aligned", () => {
  const after = withParagraph(
    2,
    "A spokesman for the foreign ministry said the human-rights situation was also discussed.",
  );
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "edited 2→2 minor: A spokesman for the foreign ministry said the [-human rights-]{+human-rights+} situation was also discussed.",
  ]);
  const same = change.blocks.filter((b) => b.kind === "same");
  assert.equal(same.length, 7);
  assert.ok(same.every((b) => b.old[0] === b.new[0]));
  assert.equal(change.blocks[2]!.anchor, "c1");
});

test("a changed word counts as one word removed and one added", () => {
  const change = diff(ARTICLE, withParagraph(6, "Neither side gave details of its proposals."));
  assert.deepEqual(renderChanges(change), [
    "edited 6→6: Neither side gave details of [-any-]{+its+} proposals.",
  ]);
  assert.equal(change.stats.wordsAdded, 1);
  assert.equal(change.stats.wordsRemoved, 1);
  assert.equal(change.stats.paragraphsEdited, 1);
  assert.equal(change.stats.minorOnly, false);
});

test("an inserted paragraph is 'added' in its place and the rest stays aligned", () => {
  const inserted = "Poland's prime minister said his country had not yet decided.";
  const after = [...ARTICLE.slice(0, 4), inserted, ...ARTICLE.slice(4)];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [`added -→4: {+${inserted}+}`]);
  assert.equal(change.stats.paragraphsAdded, 1);
  assert.equal(change.stats.wordsAdded, 10); // "Poland's" is one word
});

test("a deleted paragraph is 'removed' between its old neighbours", () => {
  const after = [...ARTICLE.slice(0, 5), ...ARTICLE.slice(6)];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderBlocks(change).slice(4, 7), [
    "same 4→4: Moscow says the system would threaten its own security and has warned of a new arms race.",
    "removed 5→-: [-The talks are expected to continue next month in Washington.-]",
    "same 6→5: Neither side gave details of any proposals.",
  ]);
  assert.equal(change.stats.paragraphsRemoved, 1);
  assert.equal(change.stats.wordsRemoved, 10);
});

test("a paragraph moved up is one 'moved' block at its new place, not a removal and an addition", () => {
  const after = [ARTICLE[0]!, ARTICLE[7]!, ...ARTICLE.slice(1, 7)];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "moved 7→1: Protesters gathered outside the hotel where the delegations were staying.",
  ]);
  assert.equal(change.stats.paragraphsMoved, 1);
  assert.equal(change.stats.wordsAdded + change.stats.wordsRemoved, 0);
  assert.equal(change.blocks[1]!.minor, false);
});

test("a paragraph moved and edited on the way shows its word changes", () => {
  const after = [
    ARTICLE[0]!,
    "Moscow says the system would threaten its own security and has warned of a new arms race in Europe.",
    ...ARTICLE.slice(1, 4),
    ...ARTICLE.slice(5),
  ];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "moved 4→1: Moscow says the system would threaten its own security and has warned of a new arms race{+ in Europe+}.",
  ]);
});

test("a long paragraph kept in place does not make the rewritten paragraphs around it 'move'", () => {
  // Only the first paragraph is identical in both versions, and it moved to the end; the
  // three rewritten paragraphs are what stayed in place.
  const before = ARTICLE.slice(0, 4);
  const after = [
    ARTICLE[1]!.replace("second day", "third day"),
    ARTICLE[2]!.replace("also discussed", "discussed"),
    ARTICLE[3]!.replace("Poland", "northern Poland"),
    ARTICLE[0]!,
  ];
  const change = diff(before, after);
  assert.deepEqual(
    change.blocks.map((b) => b.kind),
    ["edited", "edited", "edited", "moved"],
  );
});

test("removed and added paragraphs are paired by what they say, not by position", () => {
  const after = [
    ARTICLE[0]!,
    ARTICLE[1]!,
    "Officials in Warsaw declined to comment.",
    "A spokesman for the foreign ministry said the human rights situation was discussed at length.",
    "Washington wants to place interceptor rockets in northern Poland and a radar station in the Czech Republic.",
    ...ARTICLE.slice(4),
  ];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "added -→2: {+Officials in Warsaw declined to comment.+}",
    "edited 2→3: A spokesman for the foreign ministry said the human rights situation was[- also-] discussed{+ at length+}.",
    "edited 3→4: Washington wants to place interceptor rockets in{+ northern+} Poland and a radar station in the Czech Republic.",
  ]);
  assert.deepEqual(
    change.blocks.filter((b) => b.kind !== "same").map((b) => b.anchor),
    ["c1", "c2", "c3"],
  );
});

test("a paragraph rewritten beyond recognition is removed and added, not shown as word soup", () => {
  const after = withParagraph(5, "Markets in Asia closed higher on Wednesday.");
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "removed 5→-: [-The talks are expected to continue next month in Washington.-]",
    "added -→5: {+Markets in Asia closed higher on Wednesday.+}",
  ]);
});

test("one paragraph split in two is a 'split' block with the break marked", () => {
  const after = [
    ...ARTICLE.slice(0, 3),
    "Washington wants to place interceptor rockets in Poland.",
    "It also wants a radar station in the Czech Republic.",
    ...ARTICLE.slice(4),
  ];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "split 3→3,4: Washington wants to place interceptor rockets in Poland[- and-]{+.¶It also wants+} a radar station in the Czech Republic.",
  ]);
  assert.equal(change.stats.paragraphsSplit, 1);
});

test("a split that changes nothing but the break is minor", () => {
  const after = [
    ARTICLE[0]!,
    "The two sides met in Geneva",
    "for a second day of what both called “positive” discussions.",
    ...ARTICLE.slice(2),
  ];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "split 1→1,2 minor: The two sides met in Geneva[- -]{+¶+}for a second day of what both called “positive” discussions.",
  ]);
  assert.equal(change.stats.minorOnly, true);
});

test("two paragraphs merged into one, edited on the way, are a 'merged' block", () => {
  const after = [
    ...ARTICLE.slice(0, 3),
    `${ARTICLE[3]} Moscow, however, says the system would threaten its own security and has warned of a new arms race.`,
    ...ARTICLE.slice(5),
  ];
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    "merged 3,4→3: Washington wants to place interceptor rockets in Poland and a radar station in the Czech Republic.[-¶-]{+ +}Moscow{+, however,+} says the system would threaten its own security and has warned of a new arms race.",
  ]);
  assert.equal(change.stats.paragraphsMerged, 1);
});

test("curly → straight quotes and a double space are minor, and the whole change is minor-only", () => {
  const after = ARTICLE.map((p) =>
    p.replace("“positive”", '"positive"').replace("gave details", "gave  details"),
  );
  const change = diff(ARTICLE, after);
  assert.deepEqual(renderChanges(change), [
    'edited 1→1 minor: The two sides met in Geneva for a second day of what both called [-“-]{+"+}positive[-”-]{+"+} discussions.',
    "edited 6→6 minor: Neither side gave {+ +}details of any proposals.",
  ]);
  assert.equal(change.stats.minorOnly, true);
  assert.equal(change.stats.wordsAdded + change.stats.wordsRemoved, 0);
});

test("a punctuation-only edit is minor; a changed word next to it is not", () => {
  const change = diff(ARTICLE, withParagraph(6, "Neither side gave details of any proposals!"));
  assert.equal(change.blocks[6]!.minor, true);
  const worded = diff(ARTICLE, withParagraph(6, "Neither side gave details of any proposal!"));
  assert.equal(worded.blocks[6]!.minor, false);
  assert.equal(worded.stats.minorOnly, false);
});

test("Chinese is diffed by words, not by whole sentences", () => {
  const change = diffVersions(
    { headline: "会谈", paragraphs: ["我们今天去北京天安门。", "会谈将于下月继续。"] },
    { headline: "会谈", paragraphs: ["我们明天去上海天安门。", "会谈将于下月继续。"] },
    { language: "zh" },
  );
  assert.deepEqual(renderChanges(change), [
    "edited 0→0: 我们[-今天-]{+明天+}去[-北京-]{+上海+}天安门。",
  ]);
  assert.equal(change.stats.wordsAdded, 2);
  assert.equal(change.stats.wordsRemoved, 2);
});

test("Japanese text without a language option is still split into words", () => {
  const change = diffVersions(
    { headline: "会談", paragraphs: ["東京で会談が行われた。"] },
    { headline: "会談", paragraphs: ["大阪で会談が行われた。"] },
  );
  assert.deepEqual(renderChanges(change), ["edited 0→0: [-東京-]{+大阪+}で会談が行われた。"]);
});

test('Russian words are whole tokens, and «guillemets» → "quotes" is minor', () => {
  const change = diffVersions(
    { headline: "Переговоры", paragraphs: ["Путин назвал переговоры «позитивными»."] },
    { headline: "Переговоры", paragraphs: ['Путин назвал переговоры "позитивными".'] },
  );
  assert.deepEqual(renderChanges(change), [
    'edited 0→0 minor: Путин назвал переговоры [-«-]{+"+}позитивными[-»-]{+"+}.',
  ]);
  const worded = diffVersions(
    { headline: "Переговоры", paragraphs: ["Путин назвал переговоры позитивными."] },
    { headline: "Переговоры", paragraphs: ["Путин назвал переговоры трудными."] },
  );
  assert.deepEqual(renderChanges(worded), [
    "edited 0→0: Путин назвал переговоры [-позитивными-]{+трудными+}.",
  ]);
});

test("a change of spaces or punctuation inside a word marks the whole word, and nothing else", () => {
  const change = diffVersions(
    { headline: "h", paragraphs: ["He said the e mail was “final”. Then he left."] },
    { headline: "h", paragraphs: ['He said the e-mail was "final". Then he left.'] },
  );
  assert.deepEqual(renderChanges(change), [
    'edited 0→0 minor: He said the [-e mail-]{+e-mail+} was [-“-]{+"+}final[-”-]{+"+}. Then he left.',
  ]);
});
