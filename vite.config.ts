// Vite builds the SPA in src/; Vitest runs every test suite of the project as
// named projects so that `npm test` (= `vitest run`) is the one test command:
//   convex — backend functions on convex-test (edge-runtime, like Convex)
//   reports — report generation and email on convex-test in Node ("use node" actions)
//   local  — the embedded backend driven by the real convex clients
//   web    — React components under jsdom
//   e2e    — Chromium (Debian) via playwright-core against the local backend
//   hygiene — repository-wide checks: secret scan, security headers
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";
import { securityHeadersPlugin } from "./config/securityHeaders.ts";

const alias = {
  "@convex": fileURLToPath(new URL("./convex", import.meta.url)),
  "@": fileURLToPath(new URL("./src", import.meta.url)),
};

export default defineConfig({
  plugins: [react(), tailwindcss(), securityHeadersPlugin()],
  resolve: { alias },
  server: { port: 5173, strictPort: false, host: "127.0.0.1" },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "convex",
          environment: "edge-runtime",
          include: ["tests/convex/**/*.test.ts"],
          server: { deps: { inline: ["convex-test"] } },
          // Seeding tests take a few seconds on an idle 2-core machine; CI shares it.
          testTimeout: 60_000,
        },
      },
      {
        // Reports and email: convex-test again, but in Node, where the
        // "use node" actions (exceljs, pdfkit, nodemailer) and a real SMTP
        // server on loopback run.
        resolve: { alias },
        test: {
          name: "reports",
          environment: "node",
          include: ["tests/reports/**/*.test.ts"],
          server: { deps: { inline: ["convex-test"] } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "local",
          environment: "node",
          include: ["tests/local/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "web",
          environment: "jsdom",
          include: ["tests/web/**/*.test.tsx", "src/**/*.test.tsx"],
          setupFiles: ["tests/web/setup.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "hygiene",
          environment: "node",
          include: ["tests/hygiene/**/*.test.ts"],
        },
      },
    ],
  },
});
