// The site, stage by stage: content/ is loaded, validated and diffed into global data;
// templates/ paginate over it to write pages, feeds and the sitemap into dist/.
// Build with `npm run build` (validates first, indexes search, swaps dist/ in atomically).
import {
  archiveData,
  staticAssets,
  typescriptTemplates,
} from "./scripts/build/eleventy-plugins.ts";
import { clientScripts } from "./scripts/build/bundle.ts";
import type { EleventyConfig } from "./scripts/build/eleventy-types.ts";

export default function (eleventyConfig: EleventyConfig): void {
  eleventyConfig.addPlugin(typescriptTemplates);
  eleventyConfig.addPlugin(archiveData, { contentDir: "content" });
  eleventyConfig.addPlugin(staticAssets);
  eleventyConfig.addPlugin(clientScripts, { root: import.meta.dirname });
}

// The output folder is chosen by the build (a staging folder swapped into dist/ at the end).
export const config = {
  dir: { input: "templates" },
  templateFormats: ["11ty.ts"],
};
