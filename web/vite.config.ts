/**
 * The web app's build: `npx vite build --config web/vite.config.ts` writes dist/web (the server serves it);
 * `npx vite --config web/vite.config.ts` runs the dev server, and `npx vite preview --config web/vite.config.ts`
 * serves the built files; both proxy /api to a local `peacestat serve`.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
/** A local `peacestat serve` (default port 8080). */
const proxy = { "/api": { target: "http://127.0.0.1:8080", changeOrigin: false } };

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // MapLibre GL is one 1.07 MB chunk, loaded only when the map page opens (the first bundle is about
    // 250 kB); splitting it further would only add requests.
    chunkSizeWarningLimit: 1100,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy,
  },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true, proxy },
});
