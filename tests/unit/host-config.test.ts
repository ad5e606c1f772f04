/**
 * What the host accepts before it serves anything: command-line options, the token, loopback-only
 * binding, and the Host/Origin rules that stop DNS rebinding and cross-site WebSockets.
 */
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../core/engine/client';
import { ArgsError, parseHostArgs } from '../../core/host/args';
import { bearerToken, resolveToken, TokenError, tokensEqual } from '../../core/host/auth';
import { isAllowedHostHeader, isAllowedOrigin, isLoopbackAddress } from '../../core/host/loopback';
import { HostConfigError, startHostServer } from '../../core/host/server';
import type { IncomingMessage } from 'node:http';

const parse = (...argv: string[]) => parseHostArgs(argv, '/cwd', '/repo', '/home/u/.config/Vigil/data');

describe('parseHostArgs', () => {
  it('has loopback defaults', () => {
    expect(parse()).toEqual({
      port: 3000,
      host: '127.0.0.1',
      demo: false,
      dataDir: '/home/u/.config/Vigil/data',
      modelsDir: null,
      rulesDir: null,
      userModelsDir: null,
      rendererDir: '/repo/out/renderer',
      help: false,
    });
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(
      parse(
        '--port',
        '0',
        '--demo',
        '--host=::1',
        '--data-dir',
        'd',
        '--models-dir=/m',
        '--rules',
        'my-rules',
        '--renderer-dir',
        'r',
      ),
    ).toMatchObject({
      port: 0,
      demo: true,
      host: '::1',
      dataDir: '/cwd/d',
      modelsDir: '/m',
      rulesDir: '/cwd/my-rules',
      rendererDir: '/cwd/r',
    });
  });

  it.each([
    [['--port', '70000']],
    [['--port', 'abc']],
    [['--port']],
    [['--port', '--demo']],
    [['--verbose']],
    [['--demo=yes']],
    [['--host', '0.0.0.0']],
    [['--host', '192.168.1.10']],
    [['--host', 'example.com']],
    [['--host', '127.0.0.256']],
  ])('refuses %j with a message', (argv) => {
    expect(() => parse(...argv)).toThrow(ArgsError);
  });

  it('explains why a non-loopback host is refused', () => {
    expect(() => parse('--host', '0.0.0.0')).toThrow(
      /refusing to bind to "0\.0\.0\.0".*loopback|this machine only/,
    );
  });
});

describe('loopback rules', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])(
    '%s is loopback',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.1', 'localhost.evil.com', '127.0.0.1.nip.io', '128.0.0.1', ''])(
    '%s is not',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );

  it('accepts loopback Host headers with or without a port, and nothing else', () => {
    for (const host of ['127.0.0.1:3000', 'localhost', 'localhost:8080', '[::1]:3000'])
      expect(isAllowedHostHeader(host)).toBe(true);
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:3000',
      '127.0.0.1.evil.example',
      '127.0.0.1:99999',
      '127.0.0.1:3000:1',
    ]) {
      expect(isAllowedHostHeader(host)).toBe(false);
    }
  });

  it('accepts no Origin (non-browser clients) or this very server, and nothing else', () => {
    expect(isAllowedOrigin(undefined, 3000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:3000', 3000)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', 3000)).toBe(true);
    expect(isAllowedOrigin('http://[::1]:3000', 3000)).toBe(true);
    for (const origin of [
      'http://127.0.0.1:3001',
      'https://127.0.0.1:3000',
      'http://evil.example:3000',
      'null',
      'file://',
      'garbage',
    ]) {
      expect(isAllowedOrigin(origin, 3000)).toBe(false);
    }
  });
});

describe('the token', () => {
  it('is generated as 32 random bytes in hex when VIGIL_TOKEN is unset', () => {
    const a = resolveToken(undefined);
    const b = resolveToken('');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it('takes VIGIL_TOKEN when it is long enough and header-safe', () => {
    expect(resolveToken('my-own-token-1234567')).toBe('my-own-token-1234567');
    expect(() => resolveToken('short')).toThrow(TokenError);
    expect(() => resolveToken('has a space in the middle')).toThrow(TokenError);
  });

  it('compares equal tokens equal and anything else unequal, whatever the length', () => {
    expect(tokensEqual('abcdefabcdefabcdef', 'abcdefabcdefabcdef')).toBe(true);
    expect(tokensEqual('abcdefabcdefabcdeF', 'abcdefabcdefabcdef')).toBe(false);
    expect(tokensEqual('abc', 'abcdefabcdefabcdef')).toBe(false);
    expect(tokensEqual('', 'abcdefabcdefabcdef')).toBe(false);
  });

  it('reads only a well-formed Bearer header', () => {
    const req = (authorization?: string) =>
      ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
    expect(bearerToken(req('Bearer abc'))).toBe('abc');
    expect(bearerToken(req('bearer abc'))).toBe('abc');
    expect(bearerToken(req('Bearer'))).toBeNull();
    expect(bearerToken(req('Bearer a b'))).toBeNull();
    expect(bearerToken(req('Basic abc'))).toBeNull();
    expect(bearerToken(req())).toBeNull();
  });
});

/** Polls until `condition` holds: the server learns of closed sockets asynchronously. */
async function eventually(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * One request on a fresh raw socket; resolves with whatever came back before the server closed it
 * (fetch would silently retry a dropped connection instead of showing it).
 */
function rawHealth(port: number): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: '127.0.0.1', port }, () =>
      socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    );
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

describe('binding', () => {
  const engine: EngineClient = {
    call: () => Promise.reject(new Error('not used')),
    onEvents: () => () => {},
    close: () => Promise.resolve(),
  };
  const options = {
    engine,
    token: 'binding-token-0123456789',
    port: 0,
    rendererDir: '/nonexistent',
    log: () => {},
  };

  it('refuses a non-loopback address before listening', async () => {
    await expect(startHostServer({ ...options, host: '0.0.0.0' })).rejects.toThrow(HostConfigError);
  });

  it('drops connections beyond the concurrent-connection bound, and serves again once one closes', async () => {
    const server = await startHostServer({ ...options, host: '127.0.0.1', maxConnections: 2 });
    const held = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect({ host: '127.0.0.1', port: server.port }, () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    try {
      expect(await rawHealth(server.port)).toBe('');
      held.forEach((socket) => socket.destroy());
      await eventually(async () => (await rawHealth(server.port)).startsWith('HTTP/1.1 401'));
    } finally {
      held.forEach((socket) => socket.destroy());
      await server.close();
    }
  });

  it('listens on 127.0.0.1 only: the machine’s other addresses refuse the connection', async () => {
    const server = await startHostServer({ ...options, host: 'localhost' });
    try {
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
        .map((info) => info!.address);
      for (const address of external) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = connect({ host: address, port: server.port });
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
        });
        expect([address, outcome]).toEqual([address, 'ECONNREFUSED']);
      }
    } finally {
      await server.close();
    }
  });
});
