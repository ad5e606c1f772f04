/**
 * Transient messages: failed commands (stay until dismissed or 12 s) and alerts the notification
 * policy let through (8 s; a click opens the alert).
 */
import { useEffect } from 'react';
import { dismissToast, useUiStore, type Toast } from '../stores/ui';

const LIFETIME_MS: Record<Toast['kind'], number> = { error: 12_000, alert: 8_000, info: 5_000 };

function dismiss(id: number): void {
  useUiStore.setState((state) => dismissToast(state, id));
}

function openAlert(alertId: string): void {
  useUiStore.setState({ view: 'alerts', selectedAlertId: alertId });
}

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.kind]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.kind]);

  const alertId = toast.alertId;
  return (
    <div
      className={`toast toast-${toast.kind}${toast.level ? ` level-edge-${toast.level}` : ''}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid={`toast-${toast.kind}`}
    >
      <div className="toast-text">
        {alertId !== null ? (
          <button type="button" className="link toast-title" onClick={() => openAlert(alertId)}>
            {toast.title}
          </button>
        ) : (
          <div className="toast-title">{toast.title}</div>
        )}
        {toast.detail !== '' && <div className="toast-detail">{toast.detail}</div>}
      </div>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useUiStore((state) => state.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
