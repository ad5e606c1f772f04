/**
 * The alert storm's traffic: 50 error templates (distinct first words, so template mining keeps
 * them apart), each from its own service, with numbers and addresses that vary per log. One in
 * five is a fatal (a critical alert), several are timeouts (high): the levels that notify.
 */

const MESSAGES: readonly string[] = [
  'Connection to database primary refused after {n} attempts',
  'Timeout waiting for lock on table orders after {n} ms',
  'Failed to write checkpoint {n} to object storage',
  'Unable to resolve host payments-{n}.internal',
  'Disk usage on /var/lib/data reached {n} percent',
  'Request to inventory timed out after {n} ms',
  'Cannot allocate {n} bytes for the query buffer',
  'Kafka producer queue full with {n} messages pending',
  'Certificate for api.example.com expires in {n} days',
  'Replica {n} fell behind the leader by too many entries',
  'Segmentation fault in worker thread {n}',
  'Upstream returned status 503 for request {n}',
  'Invalid configuration value for max_connections {n}',
  'Scheduler skipped job {n} because the previous run is still active',
  'OutOfMemoryError in the report generator heap {n} MB',
  'Deadlock detected between transactions {n} and {n}',
  'Rate limit exceeded for client {n}',
  'Health check of node-{n} failed twice in a row',
  'Message {n} could not be deserialized from the events topic',
  'Backup job {n} exited with code 2',
  'TLS handshake with 10.0.{n}.7 failed',
  'Cache cluster lost quorum with {n} nodes reachable',
  'Payment provider rejected batch {n} as malformed',
  'Index rebuild for shard {n} aborted',
  'Pool of HTTP clients exhausted at {n} connections',
  'Migration {n} left the schema in a dirty state',
  'Thread pool saturated: {n} tasks queued',
  'Search query took too long and was cancelled after {n} ms',
  'Webhook delivery to customer {n} failed permanently',
  'Queue consumer crashed while handling delivery {n}',
  'Journal replay found {n} corrupt entries',
  'Leader election did not converge after {n} rounds',
  'Snapshot upload to bucket archive-{n} was denied',
  'Metrics exporter dropped {n} samples',
  'Session store returned an unexpected null for key {n}',
  'Email relay refused message {n} with a permanent error',
  'License check against the vendor failed with code {n}',
  'Clock skew of {n} ms detected against the time server',
  'Garbage collection paused the process for {n} ms',
  'Audit trail writer lost {n} events',
  'Inventory reservation {n} conflicts with an existing hold',
  'Feature flag service unreachable for {n} seconds',
  'DNS lookup of storage.internal timed out after {n} ms',
  'Compaction of partition {n} failed on checksum mismatch',
  'Worker {n} was killed by the out of memory killer',
  'Notification fan-out stalled with {n} messages pending',
  'Shipping label service returned garbage for parcel {n}',
  'Encryption key {n} could not be loaded from the vault',
  'Stream processor restarted {n} times in the last hour',
  'Zookeeper session {n} expired unexpectedly',
];

export const STORM_TEMPLATES = MESSAGES.length;

/** The n-th storm log: template n % 50, as a JSON log with its service and level. */
export function stormLog(n: number): string {
  const template = n % MESSAGES.length;
  const text = MESSAGES[template]!.replaceAll('{n}', String(100 + ((n * 7919) % 9000)));
  return JSON.stringify({
    level: template % 5 === 0 ? 'fatal' : 'error',
    service: `svc-${String(template).padStart(2, '0')}`,
    msg: text,
  });
}
