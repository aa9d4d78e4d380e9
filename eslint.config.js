// Lint policy. Type-aware rules run on TypeScript (src/ and spec/); plain
// JavaScript (bench/, the smoke test, config files) gets the core rules only.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "docs/api/",
      "coverage/",
      "**/node_modules/",
      "bench/results/",
    ],
  },

  js.configs.recommended,

  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node },
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },

  {
    // Memory benchmarks run under `node --expose-gc`.
    files: ["bench/**/*.mjs"],
    languageOptions: { globals: { gc: "readonly" } },
  },

  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked against the nearest tsconfig: src/ against the
        // root one (no DOM, no Node types), spec/ against spec/tsconfig.json.
        projectService: { allowDefaultProject: ["vitest.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The two rules that catch lost work in a channel library: a promise
      // nobody awaits, and a promise passed where a plain callback is expected.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // Abort rejects with `signal.reason` unchanged (DESIGN §1), which may be
      // any value the caller chose; that is the contract, not a mistake.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
      "@typescript-eslint/only-throw-error": ["error", { allowThrowingUnknown: true }],
      // `import()` in a type position is fine; a value import used only as a
      // type is not (verbatimModuleSyntax would keep it as a runtime import).
      "@typescript-eslint/consistent-type-imports": ["error", { disallowTypeAnnotations: false }],
      // Walking a parent chain starts from `this` (`for (let c = this; ...)`).
      "@typescript-eslint/no-this-alias": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },

  {
    // Tests feed bad input on purpose, throw non-Error values to check how the
    // library reports them, and use async callbacks that do not always await.
    // The promise rules above stay on.
    files: ["spec/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-empty-function": "off",
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
    },
  },

  {
    // Type tests declare values only to look at their types.
    files: ["spec/**/*.test-d.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
);
