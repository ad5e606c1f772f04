/**
 * What each installer carries, per platform (issue 17 items 3, 4, 5, 9, 11): only its own
 * onnxruntime binary, for the architectures it is built for, an application icon, the Windows
 * AppUserModelID and the macOS signing configuration. The expected payload of each artifact is
 * printed (uncompressed: onnxruntime-node, the models and the demo samples).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../electron/main/app-id';

const ROOT = join(__dirname, '../..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const yaml = requireFromRoot('js-yaml') as { load(text: string): unknown };

interface Target {
  target: string;
  arch?: string[];
}
interface PlatformConfig {
  target?: Array<string | Target>;
  files?: string[];
  hardenedRuntime?: boolean;
  notarize?: boolean;
  entitlements?: string;
  identity?: string | null;
}
interface ExtraResource {
  from: string;
  filter?: string[];
}
interface BuilderConfig {
  appId?: string;
  icon?: string;
  files?: string[];
  extraResources?: ExtraResource[];
  linux?: PlatformConfig;
  win?: PlatformConfig;
  mac?: PlatformConfig;
}

const builder = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const PLATFORMS = { linux: 'linux', win: 'win32', mac: 'darwin' } as const;

function walk(dir: string): Array<{ path: string; bytes: number }> {
  const out: Array<{ path: string; bytes: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push({ path: full, bytes: statSync(full).size });
  }
  return out;
}

const ORT_FILES = walk(join(ROOT, 'node_modules/onnxruntime-node')).map((f) => ({
  ...f,
  rel: relative(ROOT, f.path).split('\\').join('/'),
}));

/** electron-builder's rule, simplified: a file is out if any `!` pattern (top level or the platform's) matches it. */
function shipsFor(key: keyof typeof PLATFORMS, rel: string): boolean {
  const patterns = [...(builder.files ?? []), ...(builder[key]?.files ?? [])];
  return !patterns.some((p) => p.startsWith('!') && matchesGlob(rel, p.slice(1)));
}

function archsOf(key: keyof typeof PLATFORMS): string[] {
  return [
    ...new Set((builder[key]?.target ?? []).flatMap((t) => (typeof t === 'string' ? [] : (t.arch ?? [])))),
  ];
}

const binaryDir = (platform: string, arch: string): string =>
  `node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/`;

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

describe('per-platform installers', () => {
  it.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
    '%s names its architectures, each with an onnxruntime binary it ships (item 3)',
    (key) => {
      const archs = archsOf(key);
      expect(archs.length, `${key}: every target lists its arch`).toBeGreaterThan(0);
      for (const target of builder[key]?.target ?? []) expect(typeof target).toBe('object');
      for (const arch of archs) {
        const binding = ORT_FILES.find(
          (f) =>
            f.rel.startsWith(binaryDir(PLATFORMS[key], arch)) && f.rel.endsWith('onnxruntime_binding.node'),
        );
        expect(binding, `${PLATFORMS[key]}/${arch} has a binding in onnxruntime-node`).toBeDefined();
        expect(shipsFor(key, binding!.rel)).toBe(true);
      }
    },
  );

  it('no Intel Mac dmg: onnxruntime-node ships no darwin/x64 binary (the README says so)', () => {
    expect(ORT_FILES.some((f) => f.rel.startsWith(binaryDir('darwin', 'x64')))).toBe(false);
    expect(archsOf('mac')).toEqual(['arm64']);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/Intel Macs?/);
  });

  it.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
    "%s carries no other platform's or architecture's onnxruntime binary (item 9)",
    (key) => {
      const archs = archsOf(key);
      const shipped = ORT_FILES.filter((f) => f.rel.includes('/bin/') && shipsFor(key, f.rel));
      expect(shipped.length).toBeGreaterThan(0);
      for (const f of shipped) {
        const [, platform, arch] = /\/bin\/napi-v\d+\/([^/]+)\/([^/]+)\//.exec(f.rel) ?? [];
        expect(platform, f.rel).toBe(PLATFORMS[key]);
        expect(archs, f.rel).toContain(arch);
      }
    },
  );

  it('reports the expected payload of each artifact', () => {
    const resources = (builder.extraResources ?? []).flatMap((r) =>
      walk(join(ROOT, r.from)).filter((f) =>
        (r.filter ?? ['**/*']).some((p) => matchesGlob(relative(join(ROOT, r.from), f.path), p)),
      ),
    );
    const resourceBytes = resources.reduce((sum, f) => sum + f.bytes, 0);
    const allOrt = ORT_FILES.reduce((sum, f) => sum + f.bytes, 0);
    const rows = (Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>).map((key) => {
      const ort = ORT_FILES.filter((f) => shipsFor(key, f.rel)).reduce((sum, f) => sum + f.bytes, 0);
      return {
        artifact: `${key} (${archsOf(key).join(', ')})`,
        onnxruntimeMB: mb(ort),
        resourcesMB: mb(resourceBytes),
        payloadMB: mb(ort + resourceBytes),
      };
    });
    console.log(
      `[packaging] onnxruntime-node in full: ${mb(allOrt)} MB; per artifact (uncompressed, besides Electron and the app bundle):`,
    );
    console.table(rows);
    for (const row of rows) expect(row.onnxruntimeMB).toBeLessThan(mb(allOrt) / 2);
  });
});

describe('identity, icons and signing', () => {
  it("the AppUserModelID declared on Windows is electron-builder's appId (item 4)", () => {
    expect(builder.appId).toBe(APP_ID);
  });

  it('ships a real application icon of at least 512×512 (item 11)', () => {
    expect(builder.icon).toBe('build/icon.png');
    const png = readFileSync(join(ROOT, builder.icon!));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
  });

  it('signs and notarizes macOS builds with a hardened runtime, identity from the environment (item 5)', () => {
    const mac = builder.mac!;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBe(true);
    // No identity in the file: electron-builder takes CSC_LINK / CSC_NAME, or skips with a message.
    expect(mac.identity).toBeUndefined();
    const entitlements = readFileSync(join(ROOT, mac.entitlements!), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
  });
});
