// The page's Content-Security-Policy, set as a <meta> tag by BaseLayout in production builds (Vite's dev server needs
// inline scripts and a websocket). The runner worker does not inherit it: a worker loaded from a URL takes the policy
// of its own response, which public/_headers sets (stricter: no network at all). docs/security.md explains each
// exception; tests/site/content-security-policy.test.ts keeps both policies honest.

/** Directive → sources, so each exception sits next to its reason. */
const page: Record<string, string[]> = {
  "default-src": ["'self'"],
  // Only our own files: no inline scripts, no eval. Pagefind's search index is WebAssembly compiled in the page.
  "script-src": ["'self'", "'wasm-unsafe-eval'"],
  // KaTeX and Shiki write style="" attributes, and Monaco adds <style> elements as it opens. Styles cannot run code.
  "style-src": ["'self'", "'unsafe-inline'"],
  // Monaco's stylesheet carries a few small data: images (its sash and scroll shadows).
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
};

export const PAGE_POLICY = Object.entries(page)
  .map(([directive, sources]) => `${directive} ${sources.join(" ")}`)
  .join("; ");
