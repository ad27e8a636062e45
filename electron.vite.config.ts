import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * Workspace packages (packages/verifier) are bundled from their TypeScript sources, found through
 * tsconfig.base.json's `paths`, so no package build is needed first.
 */
const fromSources = { tsconfigPaths: true };
const bundleWorkspace = { exclude: ['@gatehouse/verifier'] };

export default defineConfig({
  main: {
    resolve: fromSources,
    build: {
      externalizeDeps: bundleWorkspace,
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          // the password hasher's thread, started by file URL beside index.js (auth/worker-module.ts)
          'scrypt-worker': resolve('src/main/auth/scrypt-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: fromSources,
    // a sandboxed preload cannot require() packages at run time: bundle everything into it
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: fromSources,
    // relative asset paths: the same build is loaded from file:// (Electron) and from the web console
    base: './',
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});
