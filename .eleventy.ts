// Eleventy's part of the site: templates/ paginate over the site model (global data `site`)
// to write the pages that list articles (home, sources, headlines, feeds, sitemaps, search).
// The build (scripts/build/pipeline.ts) hands the model over; each article's own files
// (its page, versions, diffs, feed, history) are written beside them by the article stages.
// Build with `npm run build` (validates first, indexes search, swaps dist/ in atomically).
import {
  archiveData,
  staticAssets,
  typescriptTemplates,
} from "./scripts/build/eleventy-plugins.ts";
import { clientScripts } from "./scripts/build/bundle.ts";
import { projectRoot, templateFormat, templatesDir } from "./scripts/run/code.ts";
import type { EleventyConfig } from "./scripts/build/eleventy-types.ts";

export default function (eleventyConfig: EleventyConfig): void {
  eleventyConfig.addPlugin(typescriptTemplates);
  eleventyConfig.addPlugin(archiveData, { contentDir: "content" });
  eleventyConfig.addPlugin(staticAssets);
  eleventyConfig.addPlugin(clientScripts, { root: projectRoot });
}

// The output folder is chosen by the build (a staging folder swapped into dist/ at the end);
// so is the templates' folder when the build runs compiled (scripts/build/code.ts).
export const config = {
  dir: { input: templatesDir },
  templateFormats: [templateFormat],
};
