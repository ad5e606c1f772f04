import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED, Settings, type SettingsInput } from '../../core/contract';
import { SettingsError, SettingsStore, type SecretBox } from '../../core/settings/settings-store';

const PASSWORD = 'hunter2-very-secret';

/** Stands in for Electron's safeStorage: a reversible XOR, so the cipher text never equals the text. */
class FakeSecretBox implements SecretBox {
  available = true;
  backendName = 'gnome_libsecret';
  readonly encrypted: string[] = [];
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  backend(): string {
    return this.backendName;
  }
  encrypt(plain: string): Buffer {
    this.encrypted.push(plain);
    return Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a));
  }
  decrypt(cipher: Buffer): string {
    return Buffer.from(cipher.map((b) => b ^ 0x5a)).toString('utf8');
  }
}

let dir: string;
let file: string;
let box: FakeSecretBox;
let warnings: string[];

const open = (): SettingsStore => new SettingsStore(file, box, (message) => warnings.push(message));

function withKafka(password: string, username = 'svc-vigil'): Settings {
  const input: SettingsInput = {
    kafka: {
      brokers: ['127.0.0.1:9092'],
      sasl: { mechanism: 'scram-sha-512', username, password },
    },
    theme: 'light',
  };
  return Settings.parse(input);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-settings-'));
  file = path.join(dir, 'nested', 'settings.json');
  box = new FakeSecretBox();
  warnings = [];
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts from the defaults when there is no file, without a warning', () => {
    const store = open();
    expect(store.view()).toEqual({ ...Settings.parse({}), passwordSet: false });
    expect(warnings).toEqual([]);
  });

  it('stores the password encrypted and never in the clear on disk', () => {
    open().save(withKafka(PASSWORD));
    expect(box.encrypted).toEqual([PASSWORD]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    const stored = JSON.parse(text) as { encryptedPassword: string };
    expect(box.decrypt(Buffer.from(stored.encryptedPassword, 'base64'))).toBe(PASSWORD);
  });

  it('writes the file readable by its owner only', () => {
    open().save(withKafka(PASSWORD));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never returns the password from view(), only a placeholder and a flag', () => {
    const store = open();
    const saved = store.save(withKafka(PASSWORD));
    for (const view of [saved, store.view()]) {
      expect(JSON.stringify(view)).not.toContain(PASSWORD);
      expect(view.kafka?.sasl?.password).toBe(REDACTED);
      expect(view.passwordSet).toBe(true);
    }
  });

  it('gives the decrypted password to withSecrets(), also after a restart', () => {
    open().save(withKafka(PASSWORD));
    const reopened = open();
    expect(reopened.view().passwordSet).toBe(true);
    expect(reopened.withSecrets().kafka?.sasl?.password).toBe(PASSWORD);
    expect(reopened.withSecrets().theme).toBe('light');
  });

  it('keeps the stored password when saved back with the placeholder', () => {
    const store = open();
    store.save(withKafka(PASSWORD));
    const edited = store.save(withKafka(REDACTED, 'svc-renamed'));
    expect(edited.passwordSet).toBe(true);
    expect(box.encrypted).toEqual([PASSWORD]); // not re-encrypted, and REDACTED never encrypted
    expect(store.withSecrets().kafka?.sasl).toMatchObject({ username: 'svc-renamed', password: PASSWORD });
    expect(open().withSecrets().kafka?.sasl?.password).toBe(PASSWORD);
  });

  it('replaces the password when a new one is saved', () => {
    const store = open();
    store.save(withKafka(PASSWORD));
    store.save(withKafka('another-secret'));
    expect(store.withSecrets().kafka?.sasl?.password).toBe('another-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('another-secret');
  });

  it('forgets the password when SASL is removed', () => {
    const store = open();
    store.save(withKafka(PASSWORD));
    const view = store.save(Settings.parse({ kafka: { brokers: ['127.0.0.1:9092'] } }));
    expect(view.passwordSet).toBe(false);
    expect(
      (JSON.parse(readFileSync(file, 'utf8')) as { encryptedPassword: unknown }).encryptedPassword,
    ).toBeNull();
  });

  it.each([
    ['the only backend is plain text', (b: FakeSecretBox) => (b.backendName = 'basic_text')],
    ['encryption is unavailable', (b: FakeSecretBox) => (b.available = false)],
  ])('refuses to store a password when %s, and writes nothing', (_why, degrade) => {
    const store = open();
    store.save(Settings.parse({ theme: 'system' }));
    const before = readFileSync(file, 'utf8');
    degrade(box);
    expect(() => store.save(withKafka(PASSWORD))).toThrow(SettingsError);
    expect(warnings.some((w) => w.includes('refusing to store the Kafka password'))).toBe(true);
    expect(warnings.join('\n')).not.toContain(PASSWORD);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(store.view().theme).toBe('system');
    expect(box.encrypted).toEqual([]);
  });

  it('still saves settings without a password when no keychain is available', () => {
    box.backendName = 'basic_text';
    const view = open().save(Settings.parse({ theme: 'dark', kafka: { brokers: ['127.0.0.1:9092'] } }));
    expect(view.passwordSet).toBe(false);
    expect(open().view().kafka?.brokers).toEqual(['127.0.0.1:9092']);
  });

  it('falls back to the defaults with a warning when the file is not JSON', () => {
    open().save(withKafka(PASSWORD));
    writeFileSync(file, '{"settings": {"theme": "li');
    const store = open();
    expect(store.view()).toEqual({ ...Settings.parse({}), passwordSet: false });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('using defaults');
  });

  it('falls back to the defaults with a warning when the settings are invalid', () => {
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ settings: { theme: 'neon' }, encryptedPassword: null }),
    );
    file = path.join(dir, 'settings.json');
    const store = open();
    expect(store.view().theme).toBe('dark');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('invalid');
  });
});
