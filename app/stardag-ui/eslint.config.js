// ESLint for the UI: JavaScript and TypeScript recommendations plus the rules of hooks.
// Type errors are tsc's job (`npm run typecheck`); formatting is not linted.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated or built files are not ours to lint.
  { ignores: ["dist/", "node_modules/", "src/api/*.gen.ts", "e2e/results/"] },
  {
    files: ["src/**/*.{ts,tsx}", "bench/**/*.{ts,mjs}", "e2e/**/*.{ts,mjs}", "scripts/**/*.mjs", "*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // The two classic hook rules; v7's React Compiler rules (e.g. set-state-in-effect)
      // would flag deliberate URL-to-input syncing and are not adopted.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
