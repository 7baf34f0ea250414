// Entry point named in manifest.json (a module service worker in Chromium, a module event page in Firefox).
import "./src/background/main.js";
