/** Number and time formatting shared by the views (formatters are built once; they are not cheap). */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return Math.abs(value) >= 100_000 ? compact.format(value) : integer.format(value);
}

export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? integer.format(value) : oneDecimal.format(value);
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 10_000) return `${oneDecimal.format(value / 1000)} s`;
  if (value >= 100) return `${integer.format(value)} ms`;
  return `${oneDecimal.format(value)} ms`;
}

/** The engine reports error rate as a fraction; people read percentages. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const percent = fraction * 100;
  return `${percent > 0 && percent < 0.1 ? '<0.1' : oneDecimal.format(percent)}%`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${oneDecimal.format(value)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** HH:MM:SS.mmm local time, for log rows. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return '—';
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Local date and time, to the second. */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "3m ago" relative to `now`. */
export function formatAgo(epochMs: number, now: number): string {
  const seconds = Math.max(0, (now - epochMs) / 1000);
  if (seconds < 5) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/**
 * Axis tick labels with as many decimals as the tick spacing needs (0.25 steps show 0.25, not 0.3),
 * after scaling (e.g. ×100 for a fraction shown as %), with a unit suffix.
 */
export function axisTicks(
  splits: readonly number[],
  increment: number,
  scale: number,
  suffix: string,
): string[] {
  const step = Math.abs(increment * scale);
  // The decimals of the step itself (0.25 → 2, 0.2 → 1, 5 → 0), rounded to 6 against float noise.
  const decimals = Number.isFinite(step)
    ? (
        step
          .toFixed(6)
          .replace(/\.?0+$/, '')
          .split('.')[1] ?? ''
      ).length
    : 0;
  return splits.map((value) => {
    const scaled = value * scale;
    const text = Math.abs(scaled) >= 10_000 ? compact.format(scaled) : scaled.toFixed(decimals);
    return `${text}${suffix}`;
  });
}
