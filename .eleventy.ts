// The site, stage by stage: content/ is loaded, validated and diffed into global data;
// templates/ paginate over it to write the pages that list articles (home, sources,
// headlines, feeds, sitemap, search). Each article's own files (its page, versions, diffs,
// feed, history) are written beside them by the build (scripts/build/write-articles.ts).
// Build with `npm run build` (validates first, indexes search, swaps dist/ in atomically).
import {
  archiveData,
  staticAssets,
  typescriptTemplates,
} from "./scripts/build/eleventy-plugins.ts";
import { clientScripts } from "./scripts/build/bundle.ts";
import { projectRoot, templateFormat, templatesDir } from "./scripts/build/code.ts";
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
