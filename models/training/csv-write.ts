/** RFC 4180 CSV writing (the reader is core/patterns/csv.ts): quote only when needed, LF line ends. */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\n';
}
