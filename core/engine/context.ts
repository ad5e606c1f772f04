/**
 * `alerts:context`: from an alert's sample to the messages around it. Picks the sample (default
 * the latest), checks that it has a Kafka position, and asks the context reader. `topics:messages`:
 * time travel on a topic, through the same reader.
 */
import type {
  Alert,
  AlertContext,
  AlertContextRequest,
  TopicMessages,
  TopicMessagesRequest,
} from '../contract';
import type { ContextReader } from './context-reader';
import { EngineError } from './errors';

export const NO_READER_REASON =
  'no log store to read context from: the Kafka source was never started in this engine (the demo source has no broker) and the local history is off';

export async function readAlertContext(
  alert: Alert | undefined,
  request: AlertContextRequest,
  reader: ContextReader | null,
): Promise<AlertContext> {
  if (alert === undefined) throw new EngineError('not_found', `no alert with id ${request.id}`);
  const refs = alert.sampleRefs ?? [];
  if (refs.length === 0)
    throw new EngineError(
      'not_found',
      `alert ${request.id} has no sample with a Kafka position (raised before positions were kept, or by a detector without a log)`,
    );
  const index = request.sample ?? refs.length - 1;
  const ref = refs[index];
  if (ref === undefined)
    throw new EngineError(
      'invalid_request',
      `sample: alert ${request.id} has ${refs.length} samples (0 to ${refs.length - 1})`,
    );
  if (reader === null) throw new EngineError('unavailable', NO_READER_REASON);
  const window = await reader.around(ref, request.before, request.after);
  return { ...window, sample: index };
}

export function readTopicMessages(
  request: TopicMessagesRequest,
  reader: ContextReader | null,
): Promise<TopicMessages> {
  if (reader === null) return Promise.reject(new EngineError('unavailable', NO_READER_REASON));
  return reader.messages(request);
}
