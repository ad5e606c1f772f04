import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The renderer's index.html carries a strict CSP meta tag (it protects file:// pages in Electron).
 * In `electron-vite dev`, React Fast Refresh injects an inline script that the tag would block, so
 * the dev server alone serves the page without it; builds keep it.
 */
const stripCspInDev: Plugin = {
  name: 'vigil-strip-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, ''),
};

// Builds the three Electron targets into out/: main (Node), preload (sandboxed, so CommonJS and
// self-contained) and renderer (the web UI, also served as-is by the headless host).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'engine-worker': resolve(__dirname, 'core/engine/worker-entry.ts'),
          // The desktop's engine runs in a utility process (electron/main/engine-process.ts).
          'engine-process': resolve(__dirname, 'core/engine/process-entry.ts'),
          // The history's thread (core/history/thread-client.ts looks for it beside the bundle).
          'history-thread': resolve(__dirname, 'core/history/history-thread.ts'),
        },
        // Native and Kafka packages stay in node_modules (shipped unpacked by electron-builder).
        external: ['onnxruntime-node', 'kafkajs', '@duckdb/node-api'],
        // onnxruntime-node is loaded lazily (core/inference/onnxruntime.ts): emit that as a plain
        // require() inside a promise, which resolves from the unpacked asar like any other require.
        output: { dynamicImportInCjs: false },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: bundle everything else (zod) into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), stripCspInDev],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
