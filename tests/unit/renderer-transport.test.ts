import { describe, expect, it } from 'vitest';
import type { VigilApi } from '../../core/contract';
import { findBridge, validatedBridge } from '../../renderer/src/transport/bridge';
import { hostSocketUrl } from '../../renderer/src/transport/host-url';
import {
  forgetToken,
  takeToken,
  tokenFromPaste,
  TOKEN_STORAGE_KEY,
  type StorageLike,
} from '../../renderer/src/transport/token';
import { batch, engineStatus } from './renderer-fixtures';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('takeToken', () => {
  it('moves the token from the URL to session storage and rewrites the address without it', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeToken('http://127.0.0.1:8080/?view=x&token=abc123#alerts', storage, (url) =>
      replaced.push(url),
    );
    expect(token).toBe('abc123');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/?view=x#alerts']);
  });

  it('falls back to the token stored earlier in this tab', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'stored' });
    const replaced: string[] = [];
    expect(takeToken('http://host/', storage, (url) => replaced.push(url))).toBe('stored');
    expect(replaced).toEqual([]);
  });

  it('strips an unusable token from the URL but does not store it', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    expect(takeToken('http://host/?token=', storage, (url) => replaced.push(url))).toBeNull();
    expect(replaced).toEqual(['/']);
    expect(storage.data.size).toBe(0);
  });

  it('forgetToken removes it', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'stored' });
    forgetToken(storage);
    expect(takeToken('http://host/', storage, () => undefined)).toBeNull();
  });
});

describe('tokenFromPaste', () => {
  it('accepts the printed URL or the bare token', () => {
    expect(tokenFromPaste('  http://127.0.0.1:4317/?token=s3cr3t  ')).toBe('s3cr3t');
    expect(tokenFromPaste('s3cr3t')).toBe('s3cr3t');
  });
  it('refuses URLs without a token, blank text and text with spaces', () => {
    expect(tokenFromPaste('http://127.0.0.1:4317/')).toBeNull();
    expect(tokenFromPaste('   ')).toBeNull();
    expect(tokenFromPaste('two words')).toBeNull();
  });
});

describe('hostSocketUrl', () => {
  it('uses wss under https and encodes the token', () => {
    expect(hostSocketUrl({ protocol: 'https:', host: 'vigil.local:8443' }, 'a+b/c')).toBe(
      'wss://vigil.local:8443/api/ws?token=a%2Bb%2Fc',
    );
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4317' }, 't')).toBe(
      'ws://127.0.0.1:4317/api/ws?token=t',
    );
  });
});

describe('findBridge', () => {
  it('finds a VigilApi-shaped window.vigil and nothing else', () => {
    const api = { call: () => Promise.resolve(), onEvents: () => () => undefined };
    expect(findBridge({ vigil: api })).toBe(api);
    expect(findBridge({})).toBeNull();
    expect(findBridge({ vigil: { call: 'no' } })).toBeNull();
    expect(findBridge(null)).toBeNull();
  });
});

describe('validatedBridge', () => {
  function rawApi(answer: (name: string) => Promise<unknown>) {
    let listener: ((batch: unknown) => void) | null = null;
    const api = {
      call: (name: string) => answer(name),
      onEvents: (next: (batch: unknown) => void) => {
        listener = next;
        return () => undefined;
      },
    } as unknown as VigilApi;
    return { api, emit: (value: unknown) => listener?.(value) };
  }

  it('passes valid responses and batches through', async () => {
    const { api, emit } = rawApi(() => Promise.resolve(engineStatus()));
    const problems: string[] = [];
    const bridge = validatedBridge(api, (problem) => problems.push(problem));
    await expect(bridge.call('engine:status', {})).resolves.toMatchObject({ running: true });
    const seqs: number[] = [];
    bridge.onEvents((events) => seqs.push(events.seq));
    emit(batch(3, []));
    emit({ seq: 'four' });
    expect(seqs).toEqual([3]);
    expect(problems).toHaveLength(1);
  });

  it('turns a CommandError answer into a failure with its code', async () => {
    const { api } = rawApi(() =>
      Promise.resolve({ error: { code: 'kafka_unreachable', message: 'broker down' } }),
    );
    const bridge = validatedBridge(api, () => undefined);
    await expect(bridge.call('engine:start', { source: 'demo' })).rejects.toMatchObject({
      code: 'kafka_unreachable',
      message: 'broker down',
    });
  });

  it("strips Electron's remote-method prefix from rejections", async () => {
    const { api } = rawApi(() =>
      Promise.reject(new Error("Error invoking remote method 'vigil:cmd:engine:stop': Error: not running")),
    );
    const bridge = validatedBridge(api, () => undefined);
    await expect(bridge.call('engine:stop', {})).rejects.toMatchObject({
      code: 'transport',
      message: 'not running',
    });
  });

  it('refuses malformed responses as bad_response and reports them', async () => {
    const { api } = rawApi(() => Promise.resolve({ alerts: 'none' }));
    const problems: string[] = [];
    const bridge = validatedBridge(api, (problem) => problems.push(problem));
    await expect(bridge.call('alerts:list', {})).rejects.toMatchObject({ code: 'bad_response' });
    expect(problems[0]).toMatch(/^alerts:list response: alerts/);
  });
});
