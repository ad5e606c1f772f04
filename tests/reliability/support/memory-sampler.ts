/**
 * This process's memory over a scenario: resident size sampled for its peak, and the heap in use
 * after a full garbage collection at the start and the end (what is really retained, unlike RSS,
 * which the allocator does not always give back).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full GC, made callable without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function settledHeapBytes(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export interface MemoryFigures {
  rssStartBytes: number;
  rssPeakBytes: number;
  rssEndBytes: number;
  heapStartBytes: number;
  heapEndBytes: number;
}

export class MemorySampler {
  private readonly heapStartBytes = settledHeapBytes();
  private readonly rssStartBytes = process.memoryUsage().rss;
  private rssPeakBytes = this.rssStartBytes;
  private readonly timer: NodeJS.Timeout;

  constructor(periodMs = 100) {
    this.timer = setInterval(() => this.sample(), periodMs);
    this.timer.unref();
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    const rssEndBytes = this.sample();
    return {
      rssStartBytes: this.rssStartBytes,
      rssPeakBytes: this.rssPeakBytes,
      rssEndBytes,
      heapStartBytes: this.heapStartBytes,
      heapEndBytes: settledHeapBytes(),
    };
  }

  private sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.rssPeakBytes) this.rssPeakBytes = rss;
    return rss;
  }
}
