import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSigmaDirs, shippedSigmaDir } from '../../core/rules/sigma/load';
import { ruleText } from './sigma-fixtures';

const root = mkdtempSync(join(tmpdir(), 'vigil-sigma-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The shipped "Nginx Core Dump" rule's id. */
const NGINX_CORE_DUMP = '59ec40bb-322e-40ab-808d-84fa690d7e56';

describe('loading the shipped rules and a user folder', () => {
  it('a user rule with a shipped id overrides it; a refused one leaves the shipped rule', () => {
    const user = join(root, 'user');
    mkdirSync(join(user, 'sub'), { recursive: true });
    const override = ruleText(
      { keywords: ['exited on signal 11'], condition: 'keywords' },
      { product: 'nginx', service: 'nginx' },
      {
        id: NGINX_CORE_DUMP,
        title: 'Our nginx crash rule',
      },
    );
    writeFileSync(join(user, 'nginx.yml'), override);
    writeFileSync(join(user, 'sub', 'broken.yml'), 'title: [');
    const result = loadSigmaDirs([shippedSigmaDir(), user]);
    const rule = result.rules.find((r) => r.id === NGINX_CORE_DUMP);
    expect(rule?.title).toBe('Our nginx crash rule');
    expect(rule?.matches({ message: 'worker process 9 exited on signal 11 (core dumped)', fields: {} })).toBe(
      true,
    );
    expect(result.rules.filter((r) => r.id === NGINX_CORE_DUMP)).toHaveLength(1);
    expect(result.rules).toHaveLength(91);
    expect(result.refused.map((r) => r.file)).toEqual(['sub/broken.yml']);

    writeFileSync(join(user, 'nginx.yml'), override.replace('product: nginx', 'product: windows'));
    const refusedOverride = loadSigmaDirs([shippedSigmaDir(), user]);
    expect(refusedOverride.rules.find((r) => r.id === NGINX_CORE_DUMP)?.title).toBe('Nginx Core Dump');
    expect(refusedOverride.refused.map((r) => r.file).sort()).toEqual(['nginx.yml', 'sub/broken.yml']);
  });
});
