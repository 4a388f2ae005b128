/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The production bundle is committed inside the API package so a clone without Node
// still serves the UI; `npm run check:bundle` rebuilds into a temp dir and compares.
const shippedBundleDir = fileURLToPath(
  new URL("../../service/stardag-api/src/stardag_api/static", import.meta.url),
);
const apiTarget = process.env.STARDAG_REGISTRY_URL ?? "http://127.0.0.1:8420";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: shippedBundleDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      "/api": apiTarget,
      "/health": apiTarget,
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // Component tests talk to a scripted fake of this origin (src/test/fake-api.ts).
    env: { VITE_STARDAG_API_URL: "http://registry.test" },
  },
});
