// The Content-Security-Policy recommended for hosting dist/ (SECURITY.md). Every page
// satisfies it: no inline scripts, no inline styles or style attributes, nothing loaded from
// elsewhere. Pagefind compiles its WebAssembly search engine, which needs 'wasm-unsafe-eval'
// (WebAssembly only; JavaScript eval stays forbidden), and its stylesheet draws its icons as
// data: SVG images, so img-src allows data: (an image cannot run script).
export const RECOMMENDED_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Directives a policy in `<meta http-equiv="Content-Security-Policy">` cannot carry: browsers
 * ignore them there (and say so in the console). Only a response header sends them, which
 * the `_headers` file asks of the hosts that read one.
 */
export const HEADER_ONLY_DIRECTIVES = ["frame-ancestors", "report-uri", "report-to", "sandbox"];

/** The recommended policy as every page carries it in its head, for hosts that set no headers. */
export const META_CSP = RECOMMENDED_CSP.split("; ")
  .filter((d) => !HEADER_ONLY_DIRECTIVES.includes(d.split(" ")[0]!))
  .join("; ");
