/**
 * Settings persisted as JSON in the user-data folder. The SASL password is stored only encrypted
 * with the OS keychain (Electron's safeStorage); when the only backend is plain text, saving a
 * password is refused with a warning rather than writing it in the clear.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { REDACTED, Settings, type SettingsView } from '../contract';

/** The part of Electron's safeStorage we need, injected so tests can run without Electron. */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  /** `basic_text` means "no real keychain" on Linux. */
  backend(): string;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

interface StoredFile {
  settings: unknown;
  /** base64 of safeStorage.encryptString(password) */
  encryptedPassword: string | null;
}

export class SettingsError extends Error {}

export class SettingsStore {
  private settings: Settings;
  private encryptedPassword: string | null;

  constructor(
    private readonly file: string,
    private readonly box: SecretBox,
    private readonly warn: (message: string) => void = console.warn,
  ) {
    const loaded = this.load();
    this.settings = loaded.settings;
    this.encryptedPassword = loaded.encryptedPassword;
  }

  view(): SettingsView {
    const kafka = this.settings.kafka;
    const masked = kafka?.sasl ? { ...kafka, sasl: { ...kafka.sasl, password: REDACTED } } : kafka;
    return { ...this.settings, kafka: masked, passwordSet: this.encryptedPassword !== null };
  }

  /** The settings with the decrypted password, for starting the engine only. Never log this. */
  withSecrets(): Settings {
    const kafka = this.settings.kafka;
    if (!kafka?.sasl || this.encryptedPassword === null) return this.settings;
    const password = this.box.decrypt(Buffer.from(this.encryptedPassword, 'base64'));
    return { ...this.settings, kafka: { ...kafka, sasl: { ...kafka.sasl, password } } };
  }

  save(next: Settings): SettingsView {
    const password = next.kafka?.sasl?.password;
    let encrypted = this.encryptedPassword;
    if (!next.kafka?.sasl) encrypted = null;
    else if (password !== undefined && password !== REDACTED && password !== '') {
      if (!this.box.isEncryptionAvailable() || this.box.backend() === 'basic_text') {
        this.warn(
          '[settings] refusing to store the Kafka password: no OS keychain is available (plain-text backend)',
        );
        throw new SettingsError(
          'The Kafka password was not saved: this system offers no encrypted storage (no keychain). ' +
            'Enter it at start instead.',
        );
      }
      encrypted = this.box.encrypt(password).toString('base64');
    }
    // The password itself is never written to the settings JSON.
    const stripped: Settings =
      next.kafka?.sasl != null
        ? { ...next, kafka: { ...next.kafka, sasl: { ...next.kafka.sasl, password: '' } } }
        : next;
    this.write({ settings: stripped, encryptedPassword: encrypted });
    this.settings = stripped;
    this.encryptedPassword = encrypted;
    return this.view();
  }

  private load(): { settings: Settings; encryptedPassword: string | null } {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as StoredFile;
      const parsed = Settings.safeParse(raw.settings);
      if (parsed.success) {
        return {
          settings: parsed.data,
          encryptedPassword: typeof raw.encryptedPassword === 'string' ? raw.encryptedPassword : null,
        };
      }
      this.warn(`[settings] ${this.file} is invalid; using defaults`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.warn(`[settings] could not read ${this.file}: ${(error as Error).message}; using defaults`);
      }
    }
    return { settings: Settings.parse({}), encryptedPassword: null };
  }

  private write(content: StoredFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
