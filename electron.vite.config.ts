import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { defaultClientConditions, defaultServerConditions } from 'vite';

/**
 * Workspace packages (packages/verifier) are bundled from their TypeScript sources: the
 * `gatehouse-source` export condition points at them, so no package build is needed first.
 */
const SOURCE = 'gatehouse-source';
const bundleWorkspace = { exclude: ['@gatehouse/verifier'] };

export default defineConfig({
  main: {
    resolve: { conditions: [SOURCE, ...defaultServerConditions] },
    ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
    build: {
      externalizeDeps: bundleWorkspace,
      rollupOptions: { input: { index: resolve('src/main/electron/index.ts') } },
    },
  },
  preload: {
    resolve: { conditions: [SOURCE, ...defaultServerConditions] },
    ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
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
    resolve: { conditions: [SOURCE, ...defaultClientConditions] },
    // relative asset paths: the same build is loaded from file:// (Electron) and from the web console
    base: './',
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});
