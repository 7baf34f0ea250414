// Classic content script: Manifest V3 content scripts cannot be ES modules, so this loads the
// module graph (web-accessible only to the two sites) into the content script's isolated world.
(() => {
  if (globalThis.__aiOptoutLoaded) return;
  globalThis.__aiOptoutLoaded = true;
  const ext = globalThis.browser ?? globalThis.chrome;
  import(ext.runtime.getURL("src/content/content-main.js"))
    .then(({ start }) => start(window))
    .catch((err) => console.warn("AI Opt-Out: the page reader did not start", err));
})();
