// Eleventy 3 and its dev server ship no TypeScript declarations; these cover what the build uses.

declare module "@11ty/eleventy" {
  interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    pathPrefix?: string;
    runMode?: "build" | "serve" | "watch";
    config?: (config: import("../build/eleventy-types.ts").EleventyConfig) => void;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    init(): Promise<void>;
    write(): Promise<unknown>;
  }
}

declare module "@11ty/eleventy-dev-server" {
  interface DevServerOptions {
    pathPrefix?: string;
    portReassignmentRetryCount?: number;
    liveReload?: boolean;
    domDiff?: boolean;
    watch?: string[];
  }
  export default class EleventyDevServer {
    static getServer(name: string, dir: string, options?: DevServerOptions): EleventyDevServer;
    serve(port: number): void;
    reload(event?: { subtype?: string; files?: string[] }): Promise<void> | void;
    close(): Promise<void>;
  }
}
