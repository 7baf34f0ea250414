// ESLint for the extension's code (flat config). Files are grouped by where they run, so the
// service's web page (api/web/static, plain ES modules in a page) can be added as one more group
// with the same rules: see WEB_PAGE below.

import js from "@eslint/js";
import noUnsanitized from "eslint-plugin-no-unsanitized";
import globals from "globals";

/** Browser ES modules that handle page or service data: no HTML from strings, anywhere. */
const shipped = {
  languageOptions: { ecmaVersion: 2024, sourceType: "module" },
  plugins: { "no-unsanitized": noUnsanitized },
  rules: {
    ...js.configs.recommended.rules,
    ...noUnsanitized.configs.recommended.rules,
    "no-implied-eval": "error",
    "no-new-func": "error",
    "no-script-url": "error",
    eqeqeq: ["error", "always"],
    "no-var": "error",
    "prefer-const": "error",
    "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
  },
};

// The service's web page, when it exists: `{ ...shipped, files: WEB_PAGE, languageOptions: {
// ...shipped.languageOptions, globals: globals.browser } }`.
export const WEB_PAGE = ["../api/web/static/**/*.js"];

export default [
  { ignores: ["node_modules/", "content-script.js"] }, // content-script.js: generated from src/ (tools/bundle.mjs)
  {
    ...shipped,
    files: ["background.js", "src/**/*.js"],
    languageOptions: { ...shipped.languageOptions, globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    ...shipped,
    files: ["test/**/*.js", "tools/**/*.mjs", "eslint.config.js"],
    languageOptions: { ...shipped.languageOptions, globals: { ...globals.node, ...globals.browser } },
    rules: { ...shipped.rules, "no-script-url": "off" }, // the tests feed javascript: addresses to show they are refused
  },
];
