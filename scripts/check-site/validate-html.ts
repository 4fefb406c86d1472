// HTML validation of every page with html-validate, using the project's .htmlvalidate.json.
// Slower than the link check (tens of milliseconds a page), so it runs in the tests and
// with `npm run build -- --check`, not in every build.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HtmlValidate, type ConfigData } from "html-validate";
import { listFiles, type SiteProblem } from "./links.ts";

/** The committed configuration (the same one the `html-validate` command line reads). */
export async function readHtmlValidateConfig(root: string): Promise<ConfigData> {
  return JSON.parse(await readFile(path.join(root, ".htmlvalidate.json"), "utf8")) as ConfigData;
}

export async function validateHtml(dir: string, config: ConfigData): Promise<SiteProblem[]> {
  const validator = new HtmlValidate(config);
  const problems: SiteProblem[] = [];
  for (const file of await listFiles(dir)) {
    if (!file.endsWith(".html") || file.startsWith("pagefind/")) continue;
    const markup = await readFile(path.join(dir, file), "utf8");
    const report = await validator.validateString(markup, file);
    for (const result of report.results) {
      for (const message of result.messages) {
        problems.push({
          file,
          line: message.line,
          message: `${message.message} (html-validate rule ${message.ruleId})`,
        });
      }
    }
  }
  return problems;
}
