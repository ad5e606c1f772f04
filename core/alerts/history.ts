/**
 * Alert history on disk, so alerts survive a restart with their state.
 *
 * Layout in `dir`:
 *  - `alerts-snapshot.json`: `{ format, version, seq, savedAt, alerts }`, the full state as of batch `seq`.
 *  - `alerts-journal.jsonl`: one line per engine batch, `{ seq, at, upserts, counters, deletes }`
 *    (`counters` are `[id, count, lastSeen]` of alerts that only repeated, see alert-store.ts),
 *    plus `incidents` / `incidentDeletes` when incidents changed (history-incidents.ts).
 *    Lines may carry `applied`, the log offsets the state holds (history-offsets.ts: standalone
 *    `workers: N`), and so may the snapshot. The snapshot carries `incidents` beside `alerts`.
 *    Files written before incidents existed load as they are: no incidents, and their alerts are
 *    grouped again as they fire.
 * Loading reads the snapshot, then replays journal lines with a larger `seq` (lines at or below the
 * snapshot's seq are from before the last compaction and are skipped, so a crash between writing
 * the snapshot and truncating the journal cannot roll alerts back).
 *
 * Durability (`sync`):
 *  - 'structural' (default): a batch line that creates, escalates, reopens, changes the status of
 *    or deletes an alert is fdatasync'ed before `write` resolves, so when the engine commits Kafka
 *    offsets those changes survive a power cut. A line with only counter updates is appended
 *    without fdatasync: it survives a crash of Vigil (it is in the page cache) but a power cut may
 *    lose the last counts. A busy alert repeats in every batch, so syncing counter-only lines would
 *    put an fdatasync (milliseconds) in front of every offset commit.
 *  - 'always': every line is fdatasync'ed.  'never': none is (tests, benchmarks).
 * The snapshot is always written to a temp file, fsync'ed, renamed, and the directory fsync'ed.
 *
 * Size: when the journal passes `maxJournalBytes` the full state is written as a snapshot and the
 * journal truncated. The snapshot keeps at most `maxSnapshotBytes`: open and acknowledged alerts
 * first, then the most recent; what does not fit is counted in `trimmed` (the store's own cap on
 * the number of alerts bounds it first). A batch line that would not fit in the journal triggers
 * that compaction instead, so disk use stays below maxSnapshotBytes + maxJournalBytes (plus the
 * snapshot's temp file while it is being replaced).
 *
 * Failures: no method throws. A disk error (EACCES, ENOSPC, EROFS, ...) makes the history
 * `degraded` with the reason; alerts stay in memory (the caller keeps them) and every
 * `retryIntervalMs` the next write tries to save the full current state; success clears degraded.
 */
import * as path from 'node:path';
import { Alert } from '../contract';
import type { CounterUpdate } from './alert-store';
import { NodeHistoryFs, type HistoryFs } from './history-fs';
import { parseJournalLine, parseSnapshot, serializeSnapshot } from './history-format';
import { IncidentHistory, type IncidentChanges } from './history-incidents';
import { OffsetHistory, type AppliedOffset } from './history-offsets';

export interface AlertHistoryOptions {
  dir: string;
  maxJournalBytes: number;
  maxSnapshotBytes: number;
  retryIntervalMs: number;
  /** When journal appends are fdatasync'ed; see the durability notes above. */
  sync: 'structural' | 'always' | 'never';
  fs: HistoryFs;
}

export const DEFAULT_ALERT_HISTORY: Omit<AlertHistoryOptions, 'dir' | 'fs'> = {
  maxJournalBytes: 4 * 1024 * 1024,
  maxSnapshotBytes: 32 * 1024 * 1024,
  retryIntervalMs: 5_000,
  sync: 'structural',
};

export interface HistoryStatus {
  degraded: boolean;
  /** Why writing failed, e.g. "ENOSPC: no space left on device, write". */
  reason: string | null;
  failures: number;
  diskBytes: number;
  /** Alerts left out of the last snapshot because it would pass maxSnapshotBytes. */
  trimmed: number;
  /** What loading found wrong (corrupt snapshot moved aside, unreadable journal lines, ...). */
  loadProblems: string[];
}

export interface HistoryChanges {
  upserts: readonly Alert[];
  /** `[id, count, lastSeen]` of alerts whose only change was more occurrences. */
  counters?: readonly CounterUpdate[];
  deletes: readonly string[];
  /** Incidents changed in the batch (absent: none). */
  incidents?: IncidentChanges;
  /** The log offsets these changes bring the state to (history-offsets.ts; absent: none). */
  applied?: readonly AppliedOffset[];
}

const SNAPSHOT = 'alerts-snapshot.json';
const JOURNAL = 'alerts-journal.jsonl';
const MAX_LOAD_PROBLEMS = 20;

export class AlertHistory {
  readonly options: AlertHistoryOptions;
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private seq = 0;
  private snapshotBytes = 0;
  private journalBytes = 0;
  private degraded = false;
  private reason: string | null = null;
  private failures = 0;
  private nextRetryAt = 0;
  private trimmed = 0;
  private compactNext = false;
  private readonly loadProblems: string[] = [];
  /** Incidents read by `load` and their part of every write. */
  readonly incidents = new IncidentHistory((text) => this.problem(text));
  /** The log offsets applied to the state, written with it (standalone `workers: N`). */
  readonly offsets = new OffsetHistory((text) => this.problem(text));
  /** Writes run one after another even if a caller does not await. */
  private chain: Promise<void> = Promise.resolve();

  constructor(options: Partial<AlertHistoryOptions> & { dir: string }) {
    this.options = { ...DEFAULT_ALERT_HISTORY, fs: options.fs ?? new NodeHistoryFs(), ...options };
    this.snapshotPath = path.join(this.options.dir, SNAPSHOT);
    this.journalPath = path.join(this.options.dir, JOURNAL);
  }

  /** Reads what was saved. Never throws: problems are reported in `status()`. */
  async load(now: number): Promise<Alert[]> {
    const fs = this.options.fs;
    const alerts = new Map<string, Alert>();
    try {
      await fs.mkdirp(this.options.dir);
    } catch (error) {
      this.fail(error, now);
      return [];
    }

    let snapshotSeq = 0;
    try {
      const text = await fs.readText(this.snapshotPath);
      if (text !== null) {
        this.snapshotBytes = Buffer.byteLength(text);
        const parsed = parseSnapshot(text);
        if (parsed === null) {
          const aside = `${this.snapshotPath}.corrupt`;
          await fs.moveAside(this.snapshotPath, aside);
          this.snapshotBytes = 0;
          this.problem(`snapshot was not valid alert history; moved to ${aside}`);
        } else {
          snapshotSeq = parsed.seq;
          for (const raw of parsed.alerts) this.accept(raw, alerts, 'snapshot');
          this.incidents.acceptAll(parsed.incidents, 'snapshot');
          this.offsets.acceptAll(parsed.applied, 'snapshot');
        }
      }
    } catch (error) {
      this.fail(error, now);
    }

    this.seq = snapshotSeq;
    try {
      const text = await fs.readText(this.journalPath);
      if (text !== null) {
        this.journalBytes = Buffer.byteLength(text);
        this.replay(text, snapshotSeq, alerts);
      }
    } catch (error) {
      this.fail(error, now);
    }
    // Rewrite clean files if anything was off, so problems are not found again on every start.
    if (this.loadProblems.length > 0) this.compactNext = true;
    return Array.from(alerts.values());
  }

  /**
   * Saves one batch of changes. `fullState` is called only when the whole state must be written
   * (compaction, recovery after a failure). Never throws.
   */
  write(changes: HistoryChanges, fullState: () => readonly Alert[], now: number): Promise<void> {
    this.incidents.stage(changes.incidents);
    this.offsets.stage(changes.applied);
    const next = this.chain.then(() => this.writeNow(changes, fullState, now));
    this.chain = next;
    return next;
  }

  /** Waits for pending writes and releases the journal's file handle. Never throws. */
  async close(): Promise<void> {
    await this.chain;
    await this.options.fs.closeAppends().catch(() => undefined);
  }

  status(): HistoryStatus {
    return {
      degraded: this.degraded,
      reason: this.reason,
      failures: this.failures,
      diskBytes: this.snapshotBytes + this.journalBytes,
      trimmed: this.trimmed,
      loadProblems: this.loadProblems.slice(),
    };
  }

  private async writeNow(
    changes: HistoryChanges,
    fullState: () => readonly Alert[],
    now: number,
  ): Promise<void> {
    if (this.degraded) {
      if (now < this.nextRetryAt) return;
      await this.guard(now, () => this.compact(fullState(), now));
      return;
    }
    const counters = changes.counters ?? [];
    const incidents = this.incidents.take();
    const applied = this.offsets.take();
    const structural = changes.upserts.length > 0 || changes.deletes.length > 0 || incidents !== null;
    if (!structural && counters.length === 0 && applied === null && !this.compactNext) return;
    await this.guard(now, async () => {
      if (this.compactNext) return this.compact(fullState(), now);
      const seq = this.seq + 1;
      const entry = {
        seq,
        at: now,
        upserts: changes.upserts,
        counters,
        deletes: changes.deletes,
        ...incidents,
        ...applied,
      };
      const line = `${JSON.stringify(entry)}\n`;
      const bytes = Buffer.byteLength(line);
      if (this.journalBytes + bytes > this.options.maxJournalBytes) return this.compact(fullState(), now);
      const sync = this.options.sync === 'always' || (this.options.sync === 'structural' && structural);
      await this.options.fs.append(this.journalPath, line, sync);
      this.seq = seq;
      this.journalBytes += bytes;
    });
  }

  /** Writes the full state as the snapshot and empties the journal. */
  private async compact(alerts: readonly Alert[], now: number): Promise<void> {
    const fs = this.options.fs;
    await fs.closeAppends();
    await fs.mkdirp(this.options.dir);
    const seq = this.seq + 1;
    this.incidents.take(); // the snapshot holds them all
    this.offsets.take();
    const { text, trimmed } = serializeSnapshot(
      alerts,
      seq,
      now,
      this.options.maxSnapshotBytes,
      this.incidents.current(),
      this.offsets.current(),
    );
    await fs.replace(this.snapshotPath, text);
    this.seq = seq;
    this.snapshotBytes = Buffer.byteLength(text);
    this.trimmed = trimmed;
    await fs.truncate(this.journalPath);
    this.journalBytes = 0;
    this.compactNext = false;
  }

  private async guard(now: number, action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.degraded = false;
      this.reason = null;
    } catch (error) {
      this.fail(error, now);
    }
  }

  private fail(error: unknown, now: number): void {
    this.degraded = true;
    this.reason = describeError(error);
    this.failures += 1;
    this.nextRetryAt = now + this.options.retryIntervalMs;
    // Whatever is on disk may now be partial (a torn journal line): rewrite everything next time.
    this.compactNext = true;
  }

  private replay(text: string, snapshotSeq: number, alerts: Map<string, Alert>): void {
    let lineNo = 0;
    let bad = 0;
    for (const line of text.split('\n')) {
      lineNo += 1;
      if (line.trim() === '') continue;
      const entry = parseJournalLine(line);
      if (entry === null) {
        bad += 1;
        continue;
      }
      if (entry.seq <= snapshotSeq) continue;
      for (const id of entry.deletes) alerts.delete(id);
      for (const raw of entry.upserts) this.accept(raw, alerts, `journal line ${lineNo}`);
      this.incidents.replay(entry.raw, `journal line ${lineNo}`);
      this.offsets.acceptAll(entry.raw.applied, `journal line ${lineNo}`);
      for (const [id, count, lastSeen] of entry.counters) {
        const alert = alerts.get(id);
        if (alert === undefined) continue;
        if (count > alert.count) alert.count = count;
        if (lastSeen > alert.lastSeen) alert.lastSeen = lastSeen;
      }
      if (entry.seq > this.seq) this.seq = entry.seq;
    }
    if (bad > 0) this.problem(`${bad} unreadable journal line(s) skipped (e.g. torn by a crash)`);
  }

  private accept(raw: unknown, alerts: Map<string, Alert>, where: string): void {
    const parsed = Alert.safeParse(raw);
    if (parsed.success) alerts.set(parsed.data.id, parsed.data);
    else
      this.problem(
        `invalid alert in ${where} skipped: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
      );
  }

  private problem(text: string): void {
    if (this.loadProblems.length < MAX_LOAD_PROBLEMS) this.loadProblems.push(text);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
}
