/**
 * One side of `npm run bench -- parse-compare`: parse throughput (logs per CPU-second, median of
 * three 1 s rounds after a warm-up) of the parser at `core/parse` under the directory given as the
 * first argument, on the same demo mix as parse.ts. Prints one number.
 */
import { join } from 'node:path';
import { loadDemoCorpus } from '../../core/ingest/demo-corpus';
import type { RawMessage } from '../../core/ingest/source';

type ParseMessage = (message: RawMessage) => { ok: boolean };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseMessage } = require(join(process.argv[2]!, 'core/parse')) as { parseMessage: ParseMessage };
const now = Date.now();
let offset = 0;
const messages: RawMessage[] = loadDemoCorpus().baseline.map((line) => ({
  topic: line.system.topic,
  partition: 0,
  offset: String(offset++),
  timestamp: now,
  key: null,
  value: Buffer.from(line.render(now), 'utf8'),
}));

function round(ms: number): number {
  let n = 0;
  const cpu = process.cpuUsage();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const m of messages) parseMessage(m);
    n += messages.length;
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}

round(1500);
const rounds = [round(1000), round(1000), round(1000)].sort((a, b) => a - b);
console.log(Math.round(rounds[1]!));
