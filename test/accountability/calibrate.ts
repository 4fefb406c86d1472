// Prints the significance of every change in the sample archive, and with --corpus the label
// counts over the shared corpus: the figures docs/accountability.md ("Calibration") quotes.
//   node --import tsx test/accountability/calibrate.ts [--corpus]

import { significance } from "../../scripts/accountability/index.ts";
import { corpusArticles, corpusAvailable, sampleSteps, steps } from "./samples.ts";

for (const s of await sampleSteps()) {
  const result = significance(s.change, s.before, s.after, { language: s.source?.language });
  console.log(
    `${s.article.source}/${s.article.slug} ${s.before.number}→${s.after.number}: ${result.score} ${result.label} | ${result.reasons.join("; ")}`,
  );
}

if (process.argv.includes("--corpus")) {
  const missing = corpusAvailable();
  if (missing) {
    console.log(`corpus skipped: ${missing}`);
  } else {
    const counts = { minor: 0, small: 0, substantive: 0, major: 0 };
    const scores: number[] = [];
    const articles = corpusArticles();
    for (const article of articles) {
      for (const step of steps(article, undefined)) {
        const result = significance(step.change, step.before, step.after, { language: "en" });
        counts[result.label]++;
        scores.push(result.score);
      }
    }
    scores.sort((a, b) => a - b);
    const at = (q: number): number =>
      scores[Math.min(scores.length - 1, Math.floor(scores.length * q))]!;
    console.log(
      `corpus: ${articles.length} documents, ${scores.length} changes, ${JSON.stringify(counts)}, median ${at(0.5)}, 90th percentile ${at(0.9)}`,
    );
  }
}
