// The part of Eleventy's configuration API this project uses.
// (Eleventy 3 ships its types as JSDoc in JavaScript; these few lines keep the config strictly typed.)

export interface EleventyConfig {
  addGlobalData(name: string, data: unknown): void;
  addExtension(extensions: string | string[], options: { key: string }): void;
  addTemplateFormats(formats: string | string[]): void;
  addPassthroughCopy(paths: string | Record<string, string>): void;
  addPlugin<Options>(
    plugin: (config: EleventyConfig, options: Options) => unknown,
    options?: Options,
  ): void;
  setQuietMode(quiet: boolean): void;
  setUseGitIgnore(enabled: boolean): void;
  on(event: string, callback: (...args: unknown[]) => unknown): void;
  /** Anything else Eleventy offers is reachable, untyped. */
  [other: string]: unknown;
}

/** What an `.11ty.ts` page template receives: its paginated item and the site. */
export interface TemplateData<Item> {
  item: Item;
  site: import("./lists.ts").ListSite;
}
