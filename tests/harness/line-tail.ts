/**
 * Keeps the last lines of a child process's output, bounded, so that a failure can quote what the
 * process said without the harness holding its whole (possibly endless) log in memory.
 */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 200) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = (parts.pop() ?? '').slice(-4096);
    for (const line of parts) {
      this.lines.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
      if (this.lines.length > this.maxLines) this.lines.shift();
    }
  }

  text(lastLines = this.maxLines): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-lastLines).join('\n');
  }
}
