/** "N new alerts · show" (or "Order changed · re-sort"): what a held list has waiting, applied on click. */
import { formatCount } from '../../lib/format';

export function HeldBanner({
  newCount,
  noun,
  onApply,
  testId,
}: {
  newCount: number;
  /** Singular and plural, e.g. ['incident', 'incidents']. */
  noun: readonly [string, string];
  onApply: () => void;
  testId: string;
}) {
  return (
    <button type="button" className="held-banner" onClick={onApply} data-testid={testId}>
      {newCount > 0
        ? `${formatCount(newCount)} new ${newCount === 1 ? noun[0] : noun[1]} · show`
        : 'Order changed · re-sort'}
    </button>
  );
}
