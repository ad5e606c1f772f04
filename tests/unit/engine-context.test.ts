/**
 * The engine's side of `alerts:context`: which sample is the anchor, the refusals (no alert, no
 * sample position, a sample index out of range, no reader), and the on-the-fly analysis of the
 * messages read (one entry per offset, rejected messages kept with their issue, long values cut).
 */
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LIMITS,
  ContextLog,
  type Alert,
  type KafkaPosition,
  type SampleRef,
} from '../../core/contract';
import { Analyzer } from '../../core/engine/analyzer';
import { readAlertContext, readTopicMessages } from '../../core/engine/context';
import { analyzeRawMessages } from '../../core/engine/context-analysis';
import type { ContextReader } from '../../core/engine/context-reader';
import type { RawMessage } from '../../core/ingest/source';
import { FakeModelPort } from './engine-fake-model-port';

const ref = (offset: string): SampleRef => ({
  topic: 'logs',
  partition: 1,
  offset,
  time: 5,
  host: 'web-1',
  service: 'api',
});

function alert(refs: SampleRef[] | undefined): Alert {
  return {
    id: 'al-1',
    fingerprint: 'f',
    level: 'high',
    trigger: 'system_error',
    title: 't',
    reason: 'r',
    count: 1,
    firstSeen: 0,
    lastSeen: 0,
    status: 'open',
    snoozedUntil: null,
    service: 'api',
    topic: 'logs',
    templateId: null,
    template: null,
    samples: (refs ?? [ref('0')]).map((r) => `sample at ${r.offset}`),
    ...(refs === undefined ? {} : { sampleRefs: refs }),
  };
}

/** Records what it was asked; answers with no logs. */
class AskedReader implements ContextReader {
  asked: Array<[KafkaPosition, number, number]> = [];
  around(anchor: KafkaPosition, before: number, after: number) {
    this.asked.push([anchor, before, after]);
    return Promise.resolve({ anchor, source: 'kafka' as const, logs: [] });
  }
  messages() {
    return Promise.reject(new Error('not asked here'));
  }
}

describe('readAlertContext', () => {
  it('anchors on the latest sample by default, or on the one asked for', async () => {
    const reader = new AskedReader();
    const a = alert([ref('10'), ref('20'), ref('30')]);
    expect(await readAlertContext(a, { id: 'al-1', before: 50, after: 50 }, reader)).toMatchObject({
      sample: 2,
      anchor: { offset: '30' },
    });
    expect(await readAlertContext(a, { id: 'al-1', sample: 0, before: 3, after: 4 }, reader)).toMatchObject({
      sample: 0,
    });
    expect(reader.asked.map(([p, b, f]) => [p.offset, b, f])).toEqual([
      ['30', 50, 50],
      ['10', 3, 4],
    ]);
  });

  it('refuses with a code and a reason an engineer can act on', async () => {
    const reader = new AskedReader();
    const request = { id: 'al-1', before: 1, after: 1 };
    await expect(readAlertContext(undefined, request, reader)).rejects.toMatchObject({ code: 'not_found' });
    await expect(readAlertContext(alert(undefined), request, reader)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no sample with a Kafka position') as unknown,
    });
    await expect(
      readAlertContext(alert([ref('1')]), { ...request, sample: 1 }, reader),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(readAlertContext(alert([ref('1')]), request, null)).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(readTopicMessages({ topic: 'logs', at: 0, limit: 1 }, null)).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(reader.asked).toEqual([]);
  });
});

describe('analyzeRawMessages', () => {
  const raw = (offset: number, value: Buffer | null): RawMessage => ({
    topic: 'logs',
    partition: 0,
    offset: String(offset),
    timestamp: 1000 + offset,
    key: null,
    value,
  });

  it('keeps one entry per offset, in order, with the rejected ones and their issue', async () => {
    const analyzer = new Analyzer(new FakeModelPort());
    const logs = await analyzeRawMessages(
      [
        raw(7, Buffer.from('sshd[42]: Failed password for invalid user admin from 203.0.113.9 port 22 ssh2')),
        raw(8, null),
        raw(9, Buffer.from('{"level":"error","service":"api","message":"upstream timed out"}')),
      ],
      analyzer,
    );
    expect(logs.map((l) => ContextLog.parse(l))).toEqual(logs);
    expect(logs.map((l) => [l.offset, l.timestamp, l.record === null, l.analysis === null])).toEqual([
      ['7', 1007, false, false],
      ['8', 1008, true, true],
      ['9', 1009, false, false],
    ]);
    expect(logs[1]!.issue).toMatch(/^empty: /);
    expect(logs[2]!.record).toMatchObject({ level: 'error', service: 'api', message: 'upstream timed out' });
    expect(logs[2]!.analysis?.severity).toBe('error');
  });

  it('cuts a long value in the answer but parses it whole', async () => {
    const long = `${'x'.repeat(CONTEXT_LIMITS.maxValueChars)} tail-word`;
    const [log] = await analyzeRawMessages([raw(1, Buffer.from(long))], new Analyzer(new FakeModelPort()));
    expect(log!.value).toHaveLength(CONTEXT_LIMITS.maxValueChars);
    expect(log!.valueTruncated).toBe(true);
    expect(log!.record!.message.endsWith('tail-word')).toBe(true);
  });
});
