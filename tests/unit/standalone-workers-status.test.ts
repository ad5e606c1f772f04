/**
 * Issue 19, standalone `workers`: the status of a start that runs one engine thread. The demo source
 * accepts `workers` and runs one thread, and its status says 1; a standalone Kafka start without
 * threads is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import { withStandaloneThreads } from '../../core/engine/standalone-workers/standalone-status';
import { makeStatus } from './engine-fixtures';

describe('standalone status without worker threads', () => {
  it('says one engine thread for a demo start that asked for more', () => {
    const config = StartRequest.parse({ source: 'demo', workers: 4 });
    expect(withStandaloneThreads({ ...makeStatus(), config }, null).workers).toBe(1);
  });

  it('leaves a start that asked for nothing as it was', () => {
    const config = StartRequest.parse({ source: 'kafka', kafka: { brokers: ['k:9092'], topics: ['t'] } });
    const own = { ...makeStatus(), config };
    expect(withStandaloneThreads(own, null)).toBe(own);
    const demo = { ...makeStatus(), config: StartRequest.parse({ source: 'demo' }) };
    expect(withStandaloneThreads(demo, null)).not.toHaveProperty('workers');
  });
});
