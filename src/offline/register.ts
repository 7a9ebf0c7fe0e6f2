// Registers the offline service worker (dist/sw.js, written after the build) on every page of the built site. It is
// an external script from 'self', as a strict Content-Security-Policy requires; the dev server has no service worker.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  addEventListener("load", () => {
    // updateViaCache "none": the browser always asks the server for sw.js, so a rebuild is noticed on the next visit.
    navigator.serviceWorker.register("/sw.js", { updateViaCache: "none" }).catch(() => {
      // No offline copy (a build without sw.js, or storage blocked): the site works online as before.
    });
  });
}
