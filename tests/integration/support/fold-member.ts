/**
 * One fold member in its own process, so a test can SIGKILL it mid-stream. Argument: JSON
 * `{ brokers, cluster, memberId }`. Prints `owned <partitions>` after each rebalance and
 * `folded <transactions> <evidence>` after each committed transaction.
 */
import { AlertFolder } from '../../../core/cluster/alert-folder';
import { KafkaConfig } from '../../../core/contract';

const { brokers, cluster, memberId } = JSON.parse(process.argv[2] ?? '{}') as {
  brokers: string[];
  cluster: string;
  memberId: string;
};
const folder = new AlertFolder({
  kafka: KafkaConfig.parse({ brokers, clientId: `vigil-fold-${memberId}` }),
  cluster,
  memberId,
  partitions: 6,
  sessionTimeoutMs: 6000,
  transactionTimeoutMs: 6000,
  logger: (level, message) => {
    if (level !== 'info' && level !== 'debug') process.stderr.write(`${message}\n`);
  },
  onStates: () => {
    process.stdout.write(`folded ${folder.counters.transactions} ${folder.counters.evidence}\n`);
  },
});
folder
  .start()
  .then(() => process.stdout.write('started\n'))
  .catch((error: unknown) => {
    process.stderr.write(`fold member failed: ${String(error)}\n`);
    process.exit(1);
  });
