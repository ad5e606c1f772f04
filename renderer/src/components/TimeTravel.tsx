/**
 * "Jump to time": the messages that arrived on a topic at a moment, read from Kafka through
 * offsets-for-times (`topics:messages`), analyzed, merged in time order. Opened from the Logs view.
 */
import { useState } from 'react';
import type { TopicMessages } from '../../../core/contract';
import { fromLocalInput, toLocalInput } from '../lib/local-time';
import { useStatusStore } from '../stores/status';
import { runCommand } from '../transport/session';
import { KafkaLogWindow, ReadNotes } from './KafkaLogWindow';

const LIMITS = [50, 100, 500] as const;

export function TimeTravelButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen((was) => !was)}
        aria-pressed={open}
        data-testid="logs-time-travel"
      >
        Jump to time
      </button>
      {open && <TimeTravelDrawer onClose={() => setOpen(false)} />}
    </>
  );
}

function TimeTravelDrawer({ onClose }: { onClose: () => void }) {
  const config = useStatusStore((state) => state.status?.config ?? null);
  const firstTopic = config?.source === 'kafka' ? (config.kafka.topics[0] ?? '') : '';
  const [topic, setTopic] = useState(firstTopic);
  const [time, setTime] = useState(() => toLocalInput(Date.now() - 15 * 60_000));
  const [limit, setLimit] = useState<number>(100);
  const [answer, setAnswer] = useState<TopicMessages | null>(null);
  const [busy, setBusy] = useState(false);

  async function jump() {
    const at = fromLocalInput(time);
    if (topic.trim() === '' || at === null) return;
    setBusy(true);
    setAnswer(await runCommand('topics:messages', { topic: topic.trim(), at: Math.max(0, at), limit }));
    setBusy(false);
  }

  return (
    <aside className="drawer" role="dialog" aria-label="Jump to time" data-testid="time-travel">
      <header className="detail-head">
        <h3>Jump to a time on a topic</h3>
        <button type="button" className="toast-close" aria-label="Close jump to time" onClick={onClose}>
          ×
        </button>
      </header>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void jump();
        }}
      >
        <input
          aria-label="Topic"
          placeholder="topic"
          value={topic}
          onChange={(event) => setTopic(event.currentTarget.value)}
          data-testid="time-travel-topic"
        />
        <input
          type="datetime-local"
          aria-label="Time"
          step={1}
          value={time}
          onChange={(event) => setTime(event.currentTarget.value)}
          data-testid="time-travel-at"
        />
        <select
          aria-label="Messages"
          value={limit}
          onChange={(event) => setLimit(Number(event.currentTarget.value))}
        >
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n} messages
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy} data-testid="time-travel-go">
          Go
        </button>
      </form>
      {answer !== null && (
        <>
          <p className="muted" data-testid="time-travel-starts">
            from{' '}
            {answer.partitions
              .map((p) => `partition ${p.partition} @ ${p.offset ?? 'nothing at or after that time'}`)
              .join(' · ')}
          </p>
          <ReadNotes retention={answer.retention} partial={answer.partial} />
          <KafkaLogWindow logs={answer.logs} testId="time-travel-logs" />
        </>
      )}
    </aside>
  );
}
