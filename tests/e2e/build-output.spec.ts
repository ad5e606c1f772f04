/**
 * Checks of the built app (`npm run build` runs before the end-to-end suite): the sandboxed preload
 * must be self-contained, and main must load the engine worker from its own bundle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const out = join(__dirname, '../../out');

test('the sandboxed preload requires nothing but electron', () => {
  const preload = readFileSync(join(out, 'preload/index.js'), 'utf8');
  const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  expect(required).toEqual(['electron']);
  // It exposes the contract's API under one name and never hands ipcRenderer to the page.
  expect(preload).toContain('exposeInMainWorld("vigil"');
  expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
});

test('main bundles the engine worker and keeps native packages external', () => {
  expect(existsSync(join(out, 'main/index.js'))).toBe(true);
  // The worker thread (headless host) and the utility process (desktop) share the engine's chunk.
  const chunks = readdirSync(join(out, 'main/chunks')).map((f) =>
    readFileSync(join(out, 'main/chunks', f), 'utf8'),
  );
  const worker = [readFileSync(join(out, 'main/engine-worker.js'), 'utf8'), ...chunks].join('\n');
  expect(worker).toContain('require("onnxruntime-node")');
  expect(worker).toContain('require("kafkajs")');
  const utility = readFileSync(join(out, 'main/engine-process.js'), 'utf8');
  expect(utility).toContain('parentPort');
  expect(utility).toMatch(/require\("\.\/chunks\/serve-[\w-]+\.js"\)/);
});

test('the renderer build has an index page with no inline scripts (the CSP forbids them)', () => {
  const html = readFileSync(join(out, 'renderer/index.html'), 'utf8');
  expect(html).toMatch(/<script[^>]+src=/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
});
