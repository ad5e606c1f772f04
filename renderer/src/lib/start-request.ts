/**
 * Turns the start forms into an `engine:start` request, validated with the contract's own schema so
 * that the user sees a field-level message instead of a refusal from the engine.
 */
import { StartRequest } from '../../../core/contract';
import type { StartRequestInput } from '../../../core/contract';
import type { ClusterForm, DemoForm, KafkaForm, SourceKind } from '../stores/settings';

export interface FieldError {
  /** The form field the problem is about, e.g. `brokers`, `topicPattern`, `sasl.username`, `rate`. */
  field: string;
  message: string;
}

export type BuiltRequest = { ok: true; request: StartRequestInput } | { ok: false; errors: FieldError[] };

/** "a:1, b:2\nc:3" → ["a:1", "b:2", "c:3"]: commas, whitespace and newlines all separate. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((item) => item.length > 0))];
}

export function kafkaRequest(form: KafkaForm): StartRequestInput {
  const usePattern = form.topicsMode === 'pattern';
  const ca = form.tlsCa.trim();
  return {
    source: 'kafka',
    kafka: {
      brokers: splitList(form.brokers),
      clientId: form.clientId.trim(),
      // Empty: the installation's own consumer group, decided by the engine (never a shared default).
      ...(form.groupId.trim().length > 0 ? { groupId: form.groupId.trim() } : {}),
      topics: usePattern ? [] : splitList(form.topics),
      topicPattern: usePattern ? form.topicPattern.trim() : null,
      fromBeginning: form.fromBeginning,
      sasl: form.saslEnabled
        ? { mechanism: form.saslMechanism, username: form.saslUsername.trim(), password: form.saslPassword }
        : null,
      tls: form.tlsEnabled
        ? { enabled: true, rejectUnauthorized: form.tlsRejectUnauthorized, ca: ca.length > 0 ? ca : null }
        : null,
    },
  };
}

/**
 * Checks the schema cannot express (a pattern JavaScript can compile, a non-empty topic list), and
 * friendlier words for empty fields than the schema's generic "too small". These come first, so the
 * schema's message for the same field is not repeated.
 */
function kafkaPreChecks(form: KafkaForm): FieldError[] {
  const errors: FieldError[] = [];
  if (splitList(form.brokers).length === 0) {
    errors.push({ field: 'brokers', message: 'Enter at least one broker (host:port).' });
  }
  if (form.topicsMode === 'pattern') {
    const pattern = form.topicPattern.trim();
    if (pattern.length === 0) {
      errors.push({ field: 'topicPattern', message: 'Enter a topic pattern.' });
    } else {
      try {
        new RegExp(pattern);
      } catch (error) {
        errors.push({
          field: 'topicPattern',
          message: error instanceof Error ? error.message : 'Invalid pattern.',
        });
      }
    }
  } else if (splitList(form.topics).length === 0) {
    errors.push({ field: 'topics', message: 'Enter at least one topic.' });
  }
  if (form.saslEnabled && form.saslUsername.trim().length === 0) {
    errors.push({ field: 'sasl.username', message: 'Enter the SASL username.' });
  }
  return errors;
}

/**
 * Issue 19: the role and cluster of a Kafka start. A console reads Vigil's own topics, not log
 * topics: it sends none and the topic checks do not apply. The cluster is sent only when typed, so
 * that a missing one gets the contract's own message ("the analyzer role needs a cluster name").
 */
function withRole(request: StartRequestInput, cluster: ClusterForm): StartRequestInput {
  if (request.source !== 'kafka') return request;
  // Issue 19: engine threads, sent only when typed (the contract judges the number and the role).
  const typed = (cluster.workers ?? '').trim();
  if (typed.length > 0 && cluster.role !== 'console') request = { ...request, workers: Number(typed) };
  if (cluster.role === 'standalone') return request;
  const name = cluster.name.trim();
  const kafka =
    cluster.role === 'console' ? { ...request.kafka, topics: [], topicPattern: null } : request.kafka;
  return { ...request, kafka, role: cluster.role, ...(name.length > 0 ? { cluster: name } : {}) };
}

export function buildStartRequest(
  source: SourceKind,
  kafka: KafkaForm,
  demo: DemoForm,
  cluster: ClusterForm = { role: 'standalone', name: '' },
): BuiltRequest {
  const request: StartRequestInput =
    source === 'kafka'
      ? withRole(kafkaRequest(kafka), cluster)
      : { source: 'demo', demo: { rate: demo.rate, incidents: demo.incidents } };
  const isConsole = source === 'kafka' && cluster.role === 'console';
  const errors =
    source === 'kafka'
      ? kafkaPreChecks(kafka).filter(
          (e) => !isConsole || (e.field !== 'topics' && e.field !== 'topicPattern'),
        )
      : [];
  const parsed = StartRequest.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Paths look like ['kafka', 'brokers', 0] or ['demo', 'rate']; the form knows fields by the rest.
      // The role's own fields (['cluster']) sit at the top of the request.
      const nested = issue.path[0] === 'kafka' || issue.path[0] === 'demo';
      const field =
        (nested ? issue.path.slice(1) : issue.path).filter((part) => typeof part === 'string').join('.') ||
        'source';
      if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}
