// Eleventy plugins that wire the pipeline into Eleventy; .eleventy.ts lists them.
import { readSiteConfig } from "../site/config.ts";
import { templateFormat } from "./code.ts";
import type { EleventyConfig } from "./eleventy-types.ts";
import { getPreparedSite } from "./prepare.ts";

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
 * The archive reaches Eleventy as global data `site`, never as templates:
 * article text is data, so no template engine ever reads it.
 */
export function archiveData(config: EleventyConfig, options: { contentDir: string }): void {
  // Frozen, because Eleventy hands each paginated page its data through a Proxy per plain
  // object it reaches, unless the object is frozen: through proxies every list page saw a
  // "different" model, and every lookup in it paid for a trap (12–70 ms a page at 10k–100k
  // articles, measured; now the model is shared as it is).
  config.addGlobalData("site", async () =>
    Object.freeze({
      ...(await getPreparedSite({ contentDir: options.contentDir, config: readSiteConfig() })),
    }),
  );
}

/** Stylesheets and scripts are copied as they are. */
export function staticAssets(config: EleventyConfig): void {
  config.addPassthroughCopy({ "templates/assets": "assets" });
}
