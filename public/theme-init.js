// Sets the theme before the first paint, so a dark-mode reader never sees a white flash.
// Loaded as a blocking external script in <head> (not inline) so a strict CSP (script-src 'self') allows it.
// The reader's choice, if any, is in localStorage under "gradflow:theme"; otherwise the system decides.
(function () {
  var stored = null;
  try {
    stored = localStorage.getItem("gradflow:theme");
  } catch (e) {
    // Storage can be blocked (privacy modes); the system preference still applies.
  }
  var theme = stored === "light" || stored === "dark"
    ? stored
    : matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  document.documentElement.dataset.theme = theme;
})();
