/** Figures in signal messages, the way an engineer reads them: `60 ms`, `4.1 s`, `2.5 min`, `23.1 %`. */

export function formatSeconds(seconds: number): string {
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 1 : 0)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

export function formatPercent(percent: number): string {
  return `${percent.toFixed(percent < 10 ? 1 : 0)} %`;
}

/** `the last minute`, `the last 10 s`. */
export function formatInterval(ms: number): string {
  if (ms === 60_000) return 'the last minute';
  if (ms % 60_000 === 0) return `the last ${ms / 60_000} minutes`;
  return `the last ${ms / 1000} s`;
}
