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
