/** The one way views say "nothing here", "still loading" or "this failed", so all three look alike. */
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  children,
  tone = 'neutral',
}: {
  title: string;
  children?: ReactNode;
  tone?: 'neutral' | 'loading' | 'error';
}) {
  return (
    <div className={`empty empty-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="empty-title">{title}</div>
      {children !== undefined && <div className="empty-body">{children}</div>}
    </div>
  );
}
