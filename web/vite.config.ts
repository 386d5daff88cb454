import * as path from 'node:path';
import { defineConfig } from 'vite';

/** The dashboard: built into web/dist and served by the NestJS server at `/`; `/api` goes to the server in dev. */
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic' },
  resolve: { alias: { '#contracts': path.resolve(__dirname, '../contracts/index.ts') } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
