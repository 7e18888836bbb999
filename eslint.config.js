// ESLint (`npm run lint`, run by .ci/run): ESLint's and typescript-eslint's
// recommended sets, React's rules of hooks, and the import boundaries that
// keep the layers apart:
//   - only convex/lib/functions.ts builds functions with the raw builders of
//     _generated/server: every other function goes through the layer that
//     resolves the caller, checks the permission and audits writes. Still
//     allowed: types anywhere, httpAction in convex/http.ts (the HTTP routes),
//     and internalAction anywhere ("use node" actions need it; it is not
//     callable by clients and has no database of its own, so reaches data
//     only through functions built with the layer);
//   - convex/lib (the layer and the engine) imports no domain folder of convex/
//     (the builders load the triggers' composition root, convex/triggers.ts);
//   - src/ui never imports src/features or src/pages;
//   - src/ never imports local/, Node's modules or server-only code of convex/
//     (only the generated API and data model types, the pure engine and the
//     input ranges).
// Boundaries are checked on resolved paths (eslint-plugin-import-x, with the
// tsconfig's `@/` and `@convex/` aliases), so `../../x` and `@/x` are the same.
import js from "@eslint/js";
import { createNodeResolver } from "eslint-plugin-import-x";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import { resolve } from "node:path";
import tseslint from "typescript-eslint";

const ROOT = import.meta.dirname;

/** The raw builders of convex/_generated/server; `allowed` is what a file may still import. */
function rawBuilders(...allowed) {
  const names = ["query", "mutation", "action", "internalQuery", "internalMutation", "httpAction"];
  return [
    "error",
    {
      patterns: [
        {
          group: ["**/_generated/server"],
          importNames: names.filter((n) => !allowed.includes(n)),
          allowTypeImports: true,
          message: "Build functions with the builders of convex/lib/functions.ts, not the raw ones.",
        },
      ],
    },
  ];
}

/** convex/lib imports only itself, the schema and the generated code; `alsoAllowed` for known exceptions. */
function layerZone(...alsoAllowed) {
  return {
    target: "convex/lib/**",
    from: "convex/**",
    except: [
      `${ROOT}/convex/lib/**`,
      `${ROOT}/convex/_generated/**`,
      `${ROOT}/convex/schema.*`,
      `${ROOT}/convex/schema/**`,
      ...alsoAllowed.map((p) => `${ROOT}/${p}`),
    ],
    message: "The function layer (convex/lib) imports no domain area: the domain registers itself with the layer.",
  };
}

const webZones = [
  {
    target: "src/ui/**",
    from: ["src/features/**", "src/pages/**"],
    message: "Shared UI (src/ui) never imports features or pages.",
  },
  { target: "src/**", from: "local/**", message: "The web app never imports the local backend." },
  {
    target: "src/**",
    from: "convex/**",
    except: [
      `${ROOT}/convex/_generated/api.*`,
      `${ROOT}/convex/_generated/dataModel.*`,
      `${ROOT}/convex/lib/workload/**`,
      `${ROOT}/convex/lib/suggestions/**`,
      // The input ranges the server checks, stated once (plain data): the forms use the same limits.
      `${ROOT}/convex/lib/inputRanges.*`,
      `${ROOT}/convex/lib/imports/**`,
      `${ROOT}/convex/lib/rollover/**`,
    ],
    message:
      "The web app imports only the generated API and data model and the pure modules it shares with the server (convex/lib/workload, convex/lib/suggestions, convex/lib/imports, convex/lib/rollover, convex/lib/inputRanges.ts) from convex/.",
  },
];

function boundaries(zones) {
  return ["error", { basePath: ROOT, zones }];
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "test-results/",
      ".data/",
      ".data-*/",
      "**/_generated/",
      "bench/RESULTS.md",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { "import-x": importX, "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".json"],
          extensionAlias: { ".js": [".ts", ".tsx", ".d.ts", ".js"] },
          conditionNames: ["types", "import", "default"],
          tsconfig: { configFile: resolve(ROOT, "tsconfig.json") },
        }),
      ],
    },
    rules: {
      // The codebase uses `any` deliberately at untyped edges (row-level
      // rules over every table, the local engine's wire values); the
      // typechecker governs types, so this rule would only mean rewriting them.
      "@typescript-eslint/no-explicit-any": "off",
      // `_`-names and rest siblings are how the code drops fields on purpose.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "import-x/no-restricted-paths": boundaries(webZones),
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*"], message: "The web app runs in the browser: no Node modules." }] },
      ],
    },
  },
  {
    files: ["convex/**/*.ts"],
    ignores: ["convex/lib/functions.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": rawBuilders() },
  },
  { files: ["convex/http.ts"], rules: { "@typescript-eslint/no-restricted-imports": rawBuilders("httpAction") } },
  { files: ["convex/lib/**/*.ts"], rules: { "import-x/no-restricted-paths": boundaries([layerZone()]) } },
  {
    // The builders load the application's composition root (convex/triggers.ts),
    // which names each domain module that registers triggers on the layer's
    // registry, so that every function writes through all of them whichever
    // module it lives in. The layer names no domain area itself.
    files: ["convex/lib/functions.ts"],
    rules: { "import-x/no-restricted-paths": boundaries([layerZone("convex/triggers.*")]) },
  },
);
