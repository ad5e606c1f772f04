/**
 * One event as the matchers read it: field values as strings, lowercased at most once per event
 * however many rules ask (Sigma matches case-insensitively). A view is rebound to each event; a
 * value is recomputed only when the event or the field's raw value changed, so a reused view can
 * never answer from a stale event.
 */
import { messageLiterals } from './literal-index';
import type { SigmaEvent, SigmaFieldValue } from './types';

/** The message is read under this name by keyword matchers. */
export const MESSAGE = '';

interface Slot {
  raw: SigmaFieldValue;
  text: string | null;
  lower: string | null;
}

function textOf(value: SigmaFieldValue): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

export class EventView {
  private event: SigmaEvent | null = null;
  private readonly slots = new Map<string, Slot>();

  /** The message this view last scanned (raw, by identity) and the automaton stamp it got. */
  private scannedMessage: string | null = null;
  private scanStamp = -1;

  bind(event: SigmaEvent): this {
    if (event !== this.event) {
      this.event = event;
      this.slots.clear();
    }
    return this;
  }

  /** The raw value (the message for `MESSAGE`); undefined when the field is absent. */
  raw(name: string): SigmaFieldValue {
    const event = this.event;
    if (event === null) return undefined;
    return name === MESSAGE ? event.message : event.fields[name];
  }

  /** The value as text, or null when the field is absent or null. */
  text(name: string): string | null {
    return this.slot(name).text;
  }

  /** The value as lowercase text, or null when the field is absent or null. */
  lower(name: string): string | null {
    const slot = this.slot(name);
    if (slot.lower === null && slot.text !== null) slot.lower = slot.text.toLowerCase();
    return slot.lower;
  }

  /**
   * Whether the lowercased message contains keyword literal `id`: one automaton pass per message,
   * then an array read per literal. Rescans when the message changed or another view scanned since.
   */
  messageHas(id: number): boolean {
    this.ensureScanned();
    return messageLiterals.found(id, this.scanStamp);
  }

  /** Every automaton id the message contains (valid until another view scans). */
  messageIds(): readonly number[] {
    this.ensureScanned();
    return messageLiterals.latestFound();
  }

  private ensureScanned(): void {
    const message = this.event?.message ?? '';
    if (this.scanStamp !== messageLiterals.latest || this.scannedMessage !== message) {
      this.scanStamp = messageLiterals.scan(this.lower(MESSAGE) ?? '');
      this.scannedMessage = message;
    }
  }

  private slot(name: string): Slot {
    const raw = this.raw(name);
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = { raw, text: textOf(raw), lower: null };
      this.slots.set(name, slot);
    } else if (slot.raw !== raw) {
      slot.raw = raw;
      slot.text = textOf(raw);
      slot.lower = null;
    }
    return slot;
  }
}
