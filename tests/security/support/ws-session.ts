/**
 * A console-like WebSocket session with the host (`/api/ws`, Origin = the host itself) that keeps
 * the raw text of every message it receives, so a test can grep all of it for secrets, and can send
 * commands and wait for their replies or for an event.
 */
import WebSocket from 'ws';
import { ServerMessage, type EngineEvent } from '../../../core/contract';

/** Enough for a long test; past it the session says so rather than grow. */
const MAX_KEPT_CHARS = 32 * 1024 * 1024;

export class WsSession {
  private readonly texts: string[] = [];
  private keptChars = 0;
  private cut = false;
  private nextId = 1;
  private readonly waiters = new Set<(message: ServerMessage) => boolean>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (this.keptChars + text.length <= MAX_KEPT_CHARS) {
        this.texts.push(text);
        this.keptChars += text.length;
      } else this.cut = true;
      const message = ServerMessage.parse(JSON.parse(text));
      for (const waiter of [...this.waiters]) if (waiter(message)) this.waiters.delete(waiter);
    });
  }

  static async open(origin: string, token: string): Promise<WsSession> {
    const socket = new WebSocket(`${origin.replace('http:', 'ws:')}/api/ws?token=${token}`, {
      headers: { Origin: origin },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsSession(socket);
  }

  /** Everything received so far, one string per message. */
  received(): readonly string[] {
    return this.texts;
  }

  truncated(): boolean {
    return this.cut;
  }

  /** Sends a command; resolves with its reply (`response` or `error`). */
  call(command: string, request: unknown, timeoutMs = 60_000): Promise<ServerMessage> {
    const id = this.nextId++;
    const reply = this.waitFor((message) => message.kind !== 'events' && message.id === id, timeoutMs);
    this.socket.send(JSON.stringify({ id, command, request }));
    return reply;
  }

  /** Resolves with the first event (in a batch received from now on) that `match` accepts. */
  async nextEvent(match: (event: EngineEvent) => boolean, timeoutMs = 60_000): Promise<EngineEvent> {
    let found: EngineEvent | undefined;
    await this.waitFor((message) => {
      if (message.kind !== 'events') return false;
      found = message.batch.events.find(match);
      return found !== undefined;
    }, timeoutMs);
    return found!;
  }

  close(): void {
    this.socket.close();
  }

  private waitFor(match: (message: ServerMessage) => boolean, timeoutMs: number): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching WebSocket message in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (message: ServerMessage): boolean => {
        if (!match(message)) return false;
        clearTimeout(timer);
        resolve(message);
        return true;
      };
      this.waiters.add(waiter);
    });
  }
}
