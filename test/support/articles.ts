// Articles made in code, for tests of the site model and what is derived from it.
import type { Article } from "../../scripts/load/types.ts";

/** An article of `source` captured at these moments (ISO times), each capture a new headline. */
export function testArticle(source: string, slug: string, ...captures: string[]): Article {
  return {
    source,
    slug,
    file: `content/${source}/${slug}.md`,
    url: `https://example.org/${slug}`,
    tracking: "active",
    corrections: [],
    versions: captures.map((capturedAt, i) => ({
      number: i + 1,
      capturedAt,
      time: Date.parse(capturedAt),
      headline: `${slug}, take ${i + 1}`,
      paragraphs: ["Text."],
    })),
  };
}
