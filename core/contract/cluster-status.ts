/**
 * Issue 19 (roles): what an engine running a cluster role says about it in its status. Absent in
 * standalone. docs/scaling.md.
 */
import { z } from 'zod';

export const ClusterRoleStatus = z.object({
  role: z.enum(['analyzer', 'console']),
  cluster: z.string(),
  /** Stable per installation (analyzers): it names the transactional ids, so a restart fences its old self. */
  analyzerId: z.string().nullable(),
  /** The cluster's alerts this engine holds, materialized from the alerts topic. */
  alerts: z.number().int().nonnegative(),
  /** Fold partitions this analyzer owns now (empty for a console). */
  foldPartitions: z.array(z.number().int().nonnegative()),
  /** Counters of the analyzer's transactions (null for a console). */
  transactions: z
    .object({
      evidence: z.number().int(),
      fold: z.number().int(),
      aborted: z.number().int(),
      // Issue 19 (fencing per log partition): batches refused because another member claimed their partition.
      fenced: z.number().int().optional(),
    })
    .nullable(),
  /** Records of Vigil's own topics that did not validate (counted, skipped). */
  badRecords: z.number().int().nonnegative(),
});
export type ClusterRoleStatus = z.infer<typeof ClusterRoleStatus>;
