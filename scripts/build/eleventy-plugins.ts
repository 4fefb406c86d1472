// Eleventy plugins that wire the pipeline into Eleventy; .eleventy.ts lists them.
import { readSiteConfig } from "../site/config.ts";
import { templateFormat } from "../run/code.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import { currentListSite, type ListSite } from "./lists.ts";

/**
 * Page templates are TypeScript modules (`*.11ty.ts`) rendered like Eleventy's JavaScript
 * templates; compiled (code.ts), they are JavaScript templates (`*.11ty.js`) under
 * `.cache/`, which .gitignore names, so Eleventy must not skip what .gitignore lists.
 */
export function typescriptTemplates(config: EleventyConfig): void {
  if (templateFormat === "11ty.ts") config.addExtension(["11ty.ts"], { key: "11ty.js" });
  else config.setUseGitIgnore(false);
  config.addTemplateFormats(templateFormat);
}

/**
 * The archive reaches Eleventy as global data `site`, never as templates: article text is
 * data, so no template engine ever reads it. The build hands over the site it prepared; run
 * on its own, Eleventy has the whole site prepared here, in memory.
 */
export function archiveData(config: EleventyConfig, options: { contentDir: string }): void {
  // Frozen, because Eleventy hands each paginated page its data through a Proxy per plain
  // object it reaches, unless the object is frozen.
  config.addGlobalData("site", async (): Promise<ListSite> => {
    const site = currentListSite();
    if (site) return Object.freeze({ ...site });
    const { prepareInMemory } = await import("./in-memory.ts");
    return Object.freeze(await prepareInMemory(options.contentDir, readSiteConfig()));
  });
}

/** Stylesheets and scripts are copied as they are, by builds that write the whole site. */
export function staticAssets(config: EleventyConfig): void {
  if (currentListSite()?.assets === false) return;
  config.addPassthroughCopy({ "templates/assets": "assets" });
}
