// ESLint for the atlas's browser code: the .js files beside the Python that ships them.
// They run as classic scripts in the map's page (the app's map frame, an embed, a host
// page that pastes the responsive snippet), with Leaflet's global L.
import js from "@eslint/js";
import globals from "globals";

export default [
  {ignores: [".venv/**", "node_modules/**", "static/**", "build/**", "bench/results/**"]},
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      // Plain ES2017 scripts, no modules: the same code is inlined into pages and hashed.
      ecmaVersion: 2017,
      sourceType: "script",
      globals: {...globals.browser, L: "readonly"},
    },
    rules: {
      "no-unused-vars": ["error", {caughtErrors: "none"}],
      "no-var": "off",
      eqeqeq: "error",
      strict: "off",
      "no-implicit-globals": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
    },
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: {sourceType: "module", globals: globals.node},
  },
];
