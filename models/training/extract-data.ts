/**
 * Copies the labelled Loghub samples the models train on into models/data/loghub-2k.csv, so that
 * training runs from a clean clone without the shared data folder. Run once when the source data
 * changes: `npx tsx models/training/extract-data.ts` (reads LOGHUB_DIR, default data/loghub).
 *
 * Columns: system, line_id, event_id, level (the producer's own Level field, empty when the system's
 * logs carry none), alert (BGL/Thunderbird `Label`, empty elsewhere), content (the message without
 * its header). The output is sorted by system then line id, so re-running gives identical bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCsvRecords } from '../../core/patterns/csv';
import { csvLine } from './csv-write';
import { LOGHUB_SYSTEMS, loghubDir } from '../../tests/fixtures/loghub';
import { DATA_CSV } from './paths';

function extract(): void {
  const root = loghubDir();
  let out = csvLine(['system', 'line_id', 'event_id', 'level', 'alert', 'content']);
  let total = 0;
  for (const system of LOGHUB_SYSTEMS) {
    const file = path.join(root, system, `${system}_2k.log_structured.csv`);
    if (!fs.existsSync(file))
      throw new Error(`missing ${file} (set LOGHUB_DIR to the Loghub samples folder)`);
    const records = parseCsvRecords(fs.readFileSync(file, 'utf8'));
    records.sort((a, b) => Number(a.LineId) - Number(b.LineId));
    for (const r of records) {
      const lineId = r.LineId ?? '';
      const eventId = r.EventId ?? '';
      const content = r.Content ?? '';
      if (!/^\d+$/.test(lineId) || !/^E\d+$/.test(eventId))
        throw new Error(`${file}: bad row ${JSON.stringify(r)}`);
      out += csvLine([system, lineId, eventId, r.Level ?? '', r.Label ?? '', content]);
      total++;
    }
  }
  fs.mkdirSync(path.dirname(DATA_CSV), { recursive: true });
  fs.writeFileSync(DATA_CSV, out);
  // Written, not copied, so the copy does not inherit the read-only mode of the shared folder.
  fs.writeFileSync(path.join(path.dirname(DATA_CSV), 'LICENSE'), fs.readFileSync(path.join(root, 'LICENSE')));
  console.log(`wrote ${total} rows to ${path.relative(process.cwd(), DATA_CSV)}`);
}

if (require.main === module) extract();
