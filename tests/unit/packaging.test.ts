/**
 * The installer configuration cannot be exercised here (no Electron binary can be downloaded on
 * these machines), so its content is checked instead: targets, what ships, what is unpacked, and
 * the fuses flipped after packing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config';

const ROOT = join(__dirname, '../..');
// js-yaml ships with electron-builder (which reads this very file with it).
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const yaml = requireFromRoot('js-yaml') as { load(text: string): unknown };

interface ExtraResource {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: string[];
  extraResources?: Array<string | ExtraResource>;
  asar?: boolean;
  asarUnpack?: string[];
  afterPack?: string;
  linux?: { target?: Array<string | { target: string }> };
  win?: { target?: Array<string | { target: string }> };
  mac?: { target?: Array<string | { target: string }> };
}

const builder = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };

function extraResource(from: string): ExtraResource {
  const found = (builder.extraResources ?? []).find(
    (r): r is ExtraResource => typeof r === 'object' && r.from === from,
  );
  if (!found) throw new Error(`no extraResources entry from ${from}`);
  return found;
}

/** electron-builder's `files` semantics, simplified: a positive pattern includes, a `!` pattern excludes. */
function ships(file: string): boolean {
  const patterns = builder.files ?? [];
  const included = patterns.some((p) => !p.startsWith('!') && matchesGlob(file, p));
  const excluded = patterns.some((p) => p.startsWith('!') && matchesGlob(file, p.slice(1)));
  return included && !excluded;
}

describe('electron-builder.yml', () => {
  it('names the application', () => {
    expect(builder.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/);
    expect(builder.productName).toBe('Vigil');
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS', () => {
    const names = (targets: Array<string | { target: string }> = []) =>
      targets.map((t) => (typeof t === 'string' ? t : t.target));
    expect(names(builder.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(names(builder.win?.target)).toEqual(expect.arrayContaining(['nsis']));
    expect(names(builder.mac?.target)).toEqual(expect.arrayContaining(['dmg']));
  });

  it('ships the built app and package.json, but no sources, maps or tests', () => {
    expect(builder.files).toContain('out/**');
    expect(ships('out/main/index.js')).toBe(true);
    expect(ships('out/main/engine-worker.js')).toBe(true);
    expect(ships('out/main/engine-process.js')).toBe(true);
    expect(ships('out/main/history-thread.js')).toBe(true);
    expect(ships('out/preload/index.js')).toBe(true);
    expect(ships('out/renderer/index.html')).toBe(true);
    expect(ships('package.json')).toBe(true);
    expect(ships('out/main/index.js.map')).toBe(false);
    expect(ships('tests/unit/packaging.test.ts')).toBe(false);
    expect(ships('out/tests/fixture.js')).toBe(false);
    expect(ships('out/cli/vigil.js')).toBe(false);
    expect(ships('core/engine/engine.ts')).toBe(false);
    expect(ships('electron/main/index.ts')).toBe(false);
  });

  it('ships the models as extra resources: the manifest, the ONNX files and the data licence', () => {
    const models = extraResource('models');
    // electron/main/paths.ts reads them from process.resourcesPath/models.
    expect(models.to).toBe('models');
    const ship = (file: string) => (models.filter ?? []).some((f) => matchesGlob(file, f));
    expect(ship('manifest.json')).toBe(true);
    expect(ship('data/LICENSE')).toBe(true);
    // Every model the manifest names is in the installer.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'models/manifest.json'), 'utf8')) as {
      models: Array<{ file: string }>;
    };
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const { file } of manifest.models) {
      expect(existsSync(join(ROOT, 'models', file)), file).toBe(true);
      expect(ship(file), file).toBe(true);
    }
    // Training code and data stay out of the installer.
    expect(ship('training/train.ts')).toBe(false);
    expect(ship('data/loghub-2k.csv')).toBe(false);
  });

  it('ships the demo samples with their licence and attribution, without the extraction scripts', () => {
    const demo = extraResource('core/ingest/demo-data');
    // electron/main/paths.ts reads them from process.resourcesPath/demo-data.
    expect(demo.to).toBe('demo-data');
    const ship = (file: string) => (demo.filter ?? []).some((f) => matchesGlob(file, f));
    for (const file of ['LICENSE', 'ATTRIBUTION.md']) {
      expect(existsSync(join(ROOT, 'core/ingest/demo-data', file)), file).toBe(true);
      expect(ship(file), file).toBe(true);
    }
    expect(ship('extract.ts')).toBe(false);
    expect(ship('loghub-csv.ts')).toBe(false);
  });

  it('unpacks onnxruntime-node from the asar archive (native addons cannot load from it)', () => {
    expect(builder.asar).toBe(true);
    expect(builder.asarUnpack ?? []).toContain('node_modules/onnxruntime-node/**');
  });

  it('runs an afterPack hook that exists', () => {
    expect(builder.afterPack).toBe('build/after-pack.cjs');
    expect(existsSync(join(ROOT, builder.afterPack!))).toBe(true);
  });
});

describe('build/after-pack.cjs fuses', () => {
  const hook = requireFromRoot('./build/after-pack.cjs') as ((context: unknown) => Promise<void>) & {
    FUSES: Record<number, boolean>;
  };

  it('is an afterPack function', () => {
    expect(typeof hook).toBe('function');
  });

  it('keeps the binary from being used as a plain Node runtime', () => {
    expect(hook.FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
  });

  it('loads the app only from its integrity-checked asar, which the config builds', () => {
    expect(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(builder.asar).toBe(true);
  });
});

describe('package.json and electron.vite.config.ts', () => {
  it('points main at the main bundle electron-vite writes', () => {
    const main = viteConfig.main as {
      build: { outDir: string; rollupOptions: { input: Record<string, string> } };
    };
    expect(pkg.main.startsWith(`${main.build.outDir}/`)).toBe(true);
    expect(pkg.main).toBe(`${main.build.outDir}/index.js`);
    expect(Object.keys(main.build.rollupOptions.input)).toContain('index');
    expect(ships(pkg.main)).toBe(true);
  });

  it('bundles the engine worker beside the main bundle, where worker-client.ts looks for it', () => {
    const main = viteConfig.main as { build: { rollupOptions: { input: Record<string, string> } } };
    expect(main.build.rollupOptions.input['engine-worker']).toBe(join(ROOT, 'core/engine/worker-entry.ts'));
    // The desktop's utility process entry, where electron/main/engine-process.ts looks for it.
    expect(main.build.rollupOptions.input['engine-process']).toBe(join(ROOT, 'core/engine/process-entry.ts'));
    // The history's thread, where core/history/thread-client.ts looks for it.
    expect(main.build.rollupOptions.input['history-thread']).toBe(
      join(ROOT, 'core/history/history-thread.ts'),
    );
    expect(readFileSync(join(ROOT, 'core/history/thread-client.ts'), 'utf8')).toContain(
      "'history-thread.js'",
    );
    expect(readFileSync(join(ROOT, 'electron/main/engine-process.ts'), 'utf8')).toContain(
      "'engine-process.js'",
    );
    expect(readFileSync(join(ROOT, 'core/engine/worker-client.ts'), 'utf8')).toContain("'engine-worker.js'");
  });

  it('builds the sandboxed preload as self-contained CommonJS', () => {
    const preload = viteConfig.preload as {
      build: {
        outDir: string;
        externalizeDeps: boolean;
        rollupOptions: { external: string[]; output: { format: string; entryFileNames: string } };
      };
    };
    expect(preload.build.rollupOptions.output.format).toBe('cjs');
    // A sandboxed preload can require only `electron`: everything else must be bundled into it.
    expect(preload.build.externalizeDeps).toBe(false);
    expect(preload.build.rollupOptions.external).toEqual(['electron']);
    expect(preload.build.rollupOptions.output.entryFileNames).toBe('[name].js');
    // electron/main/paths.ts loads ../preload/index.js relative to out/main.
    expect(preload.build.outDir).toBe('out/preload');
  });

  it('keeps the native and Kafka packages out of the main bundle', () => {
    const main = viteConfig.main as { build: { rollupOptions: { external: string[] } } };
    expect(main.build.rollupOptions.external).toEqual(
      expect.arrayContaining(['onnxruntime-node', 'kafkajs']),
    );
  });
});
