import { defineConfig } from 'vite';

/** The dashboard: built into web/dist and served by the NestJS server at `/`; `/api` goes to the server in dev. */
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
