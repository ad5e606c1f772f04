/**
 * Issue 19: the Start panel's "Engine threads" (renderer/src/lib/start-request.ts). Sent only when
 * typed; standalone and analyzer take it, a console ignores the field; a bad number shows the
 * contract's own message under the field; a running start's count comes back into the form.
 */
import { describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { buildStartRequest } from '../../renderer/src/lib/start-request';
import { DEFAULT_KAFKA_FORM, INITIAL_SETTINGS, adoptRunningConfig } from '../../renderer/src/stores/settings';
import { makeStatus } from './engine-fixtures';

const demo = INITIAL_SETTINGS.demo;
const kafka = { ...DEFAULT_KAFKA_FORM, brokers: 'k1:9092', topics: 'logs' };

describe('engine threads in the start request', () => {
  it('sends no workers when the field is empty (the role decides: 1 standalone, the cores an analyzer)', () => {
    const built = buildStartRequest('kafka', kafka, demo, { role: 'standalone', name: '', workers: ' ' });
    expect(built.ok && built.request).not.toHaveProperty('workers');
  });

  it('sends the typed count for standalone and for an analyzer', () => {
    const standalone = buildStartRequest('kafka', kafka, demo, {
      role: 'standalone',
      name: '',
      workers: '2',
    });
    if (!standalone.ok) throw new Error(JSON.stringify(standalone.errors));
    expect(StartRequest.parse(standalone.request)).toMatchObject({ workers: 2 });
    const analyzer = buildStartRequest('kafka', kafka, demo, { role: 'analyzer', name: 'a', workers: '4' });
    if (!analyzer.ok) throw new Error(JSON.stringify(analyzer.errors));
    expect(analyzer.request).toMatchObject({ role: 'analyzer', workers: 4 });
  });

  it('ignores the field for a console and refuses a count that is not a whole number from 1', () => {
    const console = buildStartRequest('kafka', kafka, demo, { role: 'console', name: 'a', workers: '3' });
    expect(console.ok && console.request).not.toHaveProperty('workers');
    for (const typed of ['0', '1.5', 'two', '65']) {
      const built = buildStartRequest('kafka', kafka, demo, { role: 'standalone', name: '', workers: typed });
      expect(built.ok ? [] : built.errors.map((e) => e.field)).toEqual(['workers']);
    }
  });

  it('shows a running start’s count in the form', () => {
    const config = StartRequest.parse({
      source: 'kafka',
      kafka: { brokers: ['k1:9092'], topics: ['logs'] },
      workers: 2,
    });
    const adopted = adoptRunningConfig(INITIAL_SETTINGS, { ...makeStatus(), config, startedAt: 1 });
    expect(adopted.cluster).toMatchObject({ role: 'standalone', workers: '2' });
  });
});
