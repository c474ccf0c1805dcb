// Vite builds ui/dist, which the Tauri shell (src-tauri/) embeds; Vitest runs the UI tests headless in jsdom.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs work under Tauri's custom protocol and from a plain file server alike.
  base: "./",
  // Keep Rust build output visible when `vite` runs next to cargo.
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // Typing into Mantine inputs in jsdom takes seconds on a busy two-core machine; a test that
    // waits on something that never happens still fails, just later.
    testTimeout: 30_000,
  },
});
