/**
 * The core layer rule (eslint-core-layers.mjs) on small sources placed in core/: an import up the
 * layers is refused with both folders named, imports down the layers and within a folder pass.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without type declarations
import { CORE_LAYERS, vigilPlugin } from '../../build/eslint-core-layers.mjs';

const ROOT = join(__dirname, '..', '..');
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { vigil: vigilPlugin as never },
      rules: { 'vigil/core-layers': 'error' },
    },
  ],
});

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => m.message);
}

describe('core layers', () => {
  it('refuses an import up the layers, naming both folders', async () => {
    expect(await messages('core/parse/x.ts', "import type { LogSource } from '../ingest/source';")).toEqual([
      expect.stringContaining('core/parse may not import core/ingest') as string,
    ]);
    expect(await messages('core/alerts/x.ts', "export { Engine } from '../engine/engine';")).toHaveLength(1);
    expect(await messages('core/rules/sigma/x.ts', "import { a } from '../../alerts/rules';")).toHaveLength(
      1,
    );
    expect(await messages('core/detect/x.ts', "const m = import('../host/server');")).toHaveLength(1);
    expect(await messages('core/alerts/x.ts', "import { clusterTopics } from '../cluster/topics';")).toEqual([
      expect.stringContaining('core/alerts may not import core/cluster') as string,
    ]);
    expect(await messages('core/cluster/x.ts', "import { Engine } from '../engine/engine';")).toHaveLength(1);
    // The history sits above alerts and below the engine.
    expect(await messages('core/alerts/x.ts', "import { HistoryWriter } from '../history';")).toHaveLength(1);
    expect(await messages('core/history/x.ts', "import { Engine } from '../engine/engine';")).toHaveLength(1);
  });

  it('allows imports down the layers, within a folder, and of packages', async () => {
    expect(await messages('core/engine/x.ts', "import { parseMessage } from '../parse';")).toEqual([]);
    expect(await messages('core/rules/sigma/x.ts', "import { b } from '../pack/loader';")).toEqual([]);
    expect(await messages('core/host/x.ts', "import { defaultModelsDir } from '../paths';")).toEqual([]);
    expect(await messages('core/history/x.ts', "import type { Alert } from '../alerts';")).toEqual([]);
    expect(await messages('core/engine/x.ts', "import { HistoryWriter } from '../history';")).toEqual([]);
    expect(await messages('core/parse/x.ts', "import { z } from 'zod';")).toEqual([]);
    expect(await messages('core/cluster/x.ts', "import { alertIdOf } from '../alerts/candidate';")).toEqual(
      [],
    );
    expect(await messages('core/engine/x.ts', "import { clusterTopics } from '../cluster/topics';")).toEqual(
      [],
    );
  });

  it('names every folder of core/ in its table', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const folders = readdirSync(join(ROOT, 'core')).filter((f) =>
      statSync(join(ROOT, 'core', f)).isDirectory(),
    );
    expect(folders.filter((f) => !(f in (CORE_LAYERS as Record<string, string[]>)))).toEqual([]);
  });
});
