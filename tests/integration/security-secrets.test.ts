/**
 * Secrets stay secret in the real headless host (a child process, against the real broker): the API
 * token and SASL passwords never reach the host's stdout/stderr (the token only in the one startup
 * URL line), the settings file, error messages, REST status responses or WebSocket messages. Each
 * secret is a distinctive string; everything captured is grepped for it (as itself and JSON-escaped)
 * after the host has shut down. Figures are printed as one JSON line.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStatus, REDACTED, SettingsView, type ServerMessage } from '../../core/contract';
import { testBrokers, testSaslEndpoint } from '../harness/brokers';
import { createTopics, uniqueName } from '../harness/kafka-fixtures';
import { spawnHost, type HostChild } from '../security/support/host-child';
import { httpProbe, type ProbeResponse } from '../security/support/http-probe';
import { filesUnder, occurrences } from '../security/support/secret-scan';
import { WsSession } from '../security/support/ws-session';

const brokers = testBrokers();
const sasl = testSaslEndpoint();
const tag = uniqueName('secret');
const TOKEN = `token-${tag}-Zq7`;
/** Passwords with quotes and a backslash, so that a JSON-escaped copy would be found too. */
const PASSWORDS = {
  settings: `pw-settings-${tag}-"q"\\b`,
  unreachableBroker: `pw-unreachable-${tag}-"q"\\b`,
  wrongSasl: `pw-wrong-sasl-${tag}-"q"\\b`,
};
const figures: Record<string, unknown> = { test: 'security-secrets' };

let host: HostChild;
let ws: WsSession;
/** Every REST response body the client saw. */
const restBodies: string[] = [];

beforeAll(async () => {
  host = await spawnHost(TOKEN);
  ws = await WsSession.open(host.origin, TOKEN);
});

afterAll(async () => {
  console.log(JSON.stringify(figures));
  ws?.close();
  await host?.dispose();
});

async function rest(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ProbeResponse> {
  const res = await httpProbe(host.port, {
    method,
    path,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  restBodies.push(res.text);
  return res;
}

/** A loopback port nothing listens on: bound once to learn a free number, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const errorOf = (reply: ServerMessage): { code: string; message: string } => {
  expect(reply.kind).toBe('error');
  return (reply as Extract<ServerMessage, { kind: 'error' }>).error;
};

describe('settings', () => {
  it('refuses to store a SASL password without a keychain, and the file never holds it', async () => {
    const saved = await ws.call('settings:set', { kafka: { brokers: ['127.0.0.1:9092'] }, theme: 'light' });
    expect(saved.kind).toBe('response');
    const file = join(host.dataDir, 'settings.json');
    expect(existsSync(file)).toBe(true);

    const refused = errorOf(
      await ws.call('settings:set', {
        kafka: {
          brokers: ['127.0.0.1:9092'],
          sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: PASSWORDS.settings },
        },
      }),
    );
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/not saved.*no keychain/);
    expect(occurrences(refused.message, PASSWORDS.settings)).toBe(0);

    expect(occurrences(readFileSync(file, 'utf8'), PASSWORDS.settings)).toBe(0);
    const view = await ws.call('settings:get', {});
    expect(view.kind).toBe('response');
    const settings = SettingsView.parse((view as Extract<ServerMessage, { kind: 'response' }>).response);
    expect(settings.passwordSet).toBe(false);
    expect(settings.kafka?.sasl ?? null).toBeNull(); // the refused save changed nothing
    figures.settingsRefusal = refused.code;
  });
});

describe('errors', () => {
  it('an unreachable broker fails with a clear reason that does not carry the password', async () => {
    const port = await closedPort();
    const res = await rest('POST', '/api/ml/real_time', {
      operation: 'start',
      brokers: [`127.0.0.1:${port}`],
      topics: ['logs'],
      sasl: { mechanism: 'plain', username: 'vigil', password: PASSWORDS.unreachableBroker },
    });
    expect(res.status).toBe(503);
    const { error } = res.json as { error: { code: string; message: string } };
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/unreachable|ECONNREFUSED/);
    expect(occurrences(res.text, PASSWORDS.unreachableBroker)).toBe(0);

    const status = EngineStatus.parse((await rest('GET', '/api/ml/real_time')).json);
    expect(status.running).toBe(false);
    expect(status.config).toBeNull();
    figures.unreachableBrokerError = error.message.slice(0, 200);
  });

  it.skipIf(sasl === null)(
    'a wrong SASL password fails as an authentication error that does not carry it (skipped without the test broker)',
    async () => {
      const topic = uniqueName('secrets');
      await createTopics(brokers, [topic], 1);
      const error = errorOf(
        await ws.call('engine:start', {
          source: 'kafka',
          kafka: {
            brokers: sasl!.brokers,
            topics: [topic],
            sasl: { mechanism: 'scram-sha-256', username: sasl!.username, password: PASSWORDS.wrongSasl },
          },
        }),
      );
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/authentication failed/i);
      expect(occurrences(error.message, PASSWORDS.wrongSasl)).toBe(0);
      figures.wrongSaslError = error.message.slice(0, 200);
    },
  );
});

describe.skipIf(sasl === null)('a running SASL configuration (skipped without the test broker)', () => {
  it('is shown redacted in REST status responses and WebSocket status events', async () => {
    const topic = uniqueName('secrets-ok');
    await createTopics(brokers, [topic], 1);
    const credentials = { mechanism: 'scram-sha-512', username: sasl!.username, password: sasl!.password };
    const statusEvent = ws.nextEvent((event) => event.type === 'status' && event.status.source === 'kafka');

    const started = await rest('POST', '/api/ml/real_time', {
      operation: 'start',
      brokers: sasl!.brokers,
      topics: [topic],
      sasl: credentials,
    });
    expect(started.status).toBe(200);
    const configs = [EngineStatus.parse(started.json).config];
    configs.push(EngineStatus.parse((await rest('GET', '/api/ml/real_time')).json).config);
    configs.push(
      EngineStatus.parse((await rest('POST', '/api/ml/real_time', { operation: 'status' })).json).config,
    );
    const reply = await ws.call('engine:status', {});
    configs.push(EngineStatus.parse((reply as Extract<ServerMessage, { kind: 'response' }>).response).config);
    const event = await statusEvent;
    if (event.type === 'status') configs.push(event.status.config);

    for (const config of configs) {
      expect(config?.source).toBe('kafka');
      if (config?.source === 'kafka') expect(config.kafka.sasl?.password).toBe(REDACTED);
    }
    const stopped = await rest('POST', '/api/ml/real_time', { operation: 'stop' });
    expect(stopped.status).toBe(200);
    figures.redactedConfigsChecked = configs.length;
  });
});

describe('everything the host wrote or sent', () => {
  it('holds no password, and the token only in the startup URL line', async () => {
    ws.close();
    expect(await host.stop()).toBe(0);
    expect(host.truncated()).toBe(false);
    expect(ws.truncated()).toBe(false);

    const files = filesUnder(host.dataDir);
    const sources: Record<string, string> = {
      stdout: host.stdout(),
      stderr: host.stderr(),
      webSocketMessages: ws.received().join('\n'),
      restResponses: restBodies.join('\n'),
      ...Object.fromEntries(
        files.map((file) => [`file ${file.path.slice(host.dataDir.length + 1)}`, file.text]),
      ),
    };
    const secrets: Record<string, string> = { ...PASSWORDS, ...(sasl ? { brokerSasl: sasl.password } : {}) };
    const found: Record<string, Record<string, number>> = {};
    for (const [name, secret] of Object.entries(secrets)) {
      for (const [where, text] of Object.entries(sources)) {
        const count = occurrences(text, secret);
        if (count > 0) (found[name] ??= {})[where] = count;
      }
    }
    const tokenLines = Object.entries(sources).flatMap(([where, text]) =>
      text
        .split('\n')
        .filter((line) => occurrences(line, TOKEN) > 0)
        .map((line) => `${where}: ${line}`),
    );

    Object.assign(figures, {
      scannedChars: Object.fromEntries(Object.entries(sources).map(([where, text]) => [where, text.length])),
      secretsChecked: Object.keys(secrets),
      passwordOccurrences: found,
      tokenLines: tokenLines.length,
    });
    expect(found).toEqual({});
    expect(tokenLines).toEqual([`stdout: Vigil console: ${host.origin}/?token=${TOKEN}`]);
    expect(files.some((file) => file.path.endsWith('settings.json'))).toBe(true);
  });
});
