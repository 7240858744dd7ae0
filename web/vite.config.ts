// The Explorer's build: web/ is Vite's root, the bundle goes to web/dist (not committed), which
// papergraph serves at / (src/server/explorer-static.ts). Hashed files land in dist/assets/ and
// are cached for a year; index.html is revalidated. `npm run web:dev` proxies /graphql to a
// running papergraph (PAPERGRAPH_URL, default http://127.0.0.1:4000).

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/graphql': { target: process.env.PAPERGRAPH_URL ?? 'http://127.0.0.1:4000', ws: true } },
  },
});
