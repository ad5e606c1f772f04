/**
 * Sample provenance (issue 18): each sample an alert keeps carries where it came from
 * (`Alert.sampleRefs`, parallel to `Alert.samples`), so the UI can show its time and host and the
 * engine can read the Kafka messages around it.
 *
 * The one rule that keeps the two arrays parallel: `sampleRefs`, when present, has exactly one entry
 * per sample. An alert restored from a history written before provenance was kept has samples and
 * no refs; the first new sample that has a ref drops those older samples without one (they are the
 * oldest of a bounded "latest samples" list anyway). A sample without a ref (no log behind it)
 * drops the refs instead, until samples with refs replace it.
 */
import type { Alert, LogRecord, SampleRef } from '../contract';

export function sampleRefOf(record: LogRecord): SampleRef {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    time: record.time,
    host: record.host,
    service: record.service,
  };
}

/** Appends a sample (cut to `maxChars`) and its ref, keeping at most `maxSamples` of each. */
export function pushSample(
  alert: Alert,
  sample: string,
  ref: SampleRef | null,
  maxSamples: number,
  maxChars: number,
): void {
  const text = sample.length > maxChars ? sample.slice(0, maxChars) : sample;
  const samples = alert.samples;
  if (ref === null) {
    delete alert.sampleRefs;
  } else {
    if (alert.sampleRefs === undefined || alert.sampleRefs.length !== samples.length) {
      samples.length = 0;
      alert.sampleRefs = [];
    }
    if (alert.sampleRefs.length >= maxSamples) alert.sampleRefs.shift();
    alert.sampleRefs.push(ref);
  }
  if (samples.length >= maxSamples) samples.shift();
  samples.push(text);
}
