/**
 * The shell: navigation, top bar (connection, engine state, theme), the current view, toasts, and
 * the global keyboard handler. Views are rendered one at a time; stores keep filling meanwhile.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import type { Connection } from './boot';
import { ConnectionBadge } from './components/ConnectionBadge';
import { ShortcutHelp } from './components/ShortcutHelp';
import { Toasts } from './components/Toasts';
import { useNow } from './hooks/useNow';
import { useThrottledStore } from './hooks/useThrottledStore';
import { effectiveStatus } from './lib/alert-feed';
import { emitListCommand } from './lib/key-bus';
import { interpretKey, NO_PENDING_KEY, type KeyState } from './lib/keymap';
import { useAlertsStore, type AlertsState } from './stores/alerts';
import { useConnectionStore } from './stores/connection';
import { useStatusStore, type StatusState } from './stores/status';
import { showView, useUiStore, VIEWS, type ViewId } from './stores/ui';
import { Alerts } from './views/Alerts';
import { NoBridgeScreen, TokenScreen } from './views/Gates';
import { Logs } from './views/Logs';
import { Models } from './views/Models';
import { Overview } from './views/Overview';
import { Patterns } from './views/Patterns';
import { Settings } from './views/Settings';

const VIEW_LABELS: Record<ViewId, string> = {
  overview: 'Overview',
  alerts: 'Alerts',
  logs: 'Live logs',
  patterns: 'Patterns',
  models: 'Models',
  settings: 'Settings',
};

const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  overview: Overview,
  alerts: Alerts,
  logs: Logs,
  patterns: Patterns,
  models: Models,
  settings: Settings,
};

const selectAlerts = (state: AlertsState) => state.byId;
const selectStatus = (state: StatusState) => state.status;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function toggleTheme(): void {
  useUiStore.setState((state) => ({ theme: state.theme === 'dark' ? 'light' : 'dark' }));
}

/** Global shortcuts; list shortcuts go to the showing view through the key bus. */
function useKeyboard(onHelp: () => void): void {
  const pending = useRef<KeyState>(NO_PENDING_KEY);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const editable = isEditable(event.target);
      const { state, command } = interpretKey(pending.current, {
        key: event.key,
        ctrl: event.ctrlKey,
        meta: event.metaKey,
        alt: event.altKey,
        editable,
        now: Date.now(),
      });
      pending.current = state;
      if (command === null) return;
      // Enter on a focused button or link keeps its native meaning.
      if (command.kind === 'open' && event.target instanceof HTMLButtonElement) return;
      event.preventDefault();
      switch (command.kind) {
        case 'view':
          showView(command.view);
          break;
        case 'theme':
          toggleTheme();
          break;
        case 'help':
          onHelp();
          break;
        case 'escape':
          if (editable && event.target instanceof HTMLElement) event.target.blur();
          else emitListCommand(command);
          break;
        default:
          emitListCommand(command);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onHelp]);
}

function Nav({ view }: { view: ViewId }) {
  const alerts = useThrottledStore(useAlertsStore, selectAlerts, 1_000);
  const now = useNow(10_000);
  const urgent = useMemo(() => {
    let count = 0;
    for (const alert of alerts.values()) {
      if ((alert.level === 'critical' || alert.level === 'high') && effectiveStatus(alert, now) === 'open')
        count++;
    }
    return count;
  }, [alerts, now]);

  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">Vigil</div>
      <ul>
        {VIEWS.map((id, index) => (
          <li key={id}>
            <button
              type="button"
              className={`nav-link${view === id ? ' active' : ''}`}
              aria-current={view === id ? 'page' : undefined}
              onClick={() => showView(id)}
              data-testid={`nav-${id}`}
            >
              <span>{VIEW_LABELS[id]}</span>
              {id === 'alerts' && urgent > 0 && (
                <span
                  className="nav-badge"
                  data-testid="nav-alerts-urgent"
                  title="open critical and high alerts"
                >
                  {urgent}
                </span>
              )}
              <kbd className="nav-key">{index + 1}</kbd>
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot muted">
        Press <kbd>?</kbd> for shortcuts
      </div>
    </nav>
  );
}

function EngineSummary() {
  const status = useThrottledStore(useStatusStore, selectStatus, 1_000);
  if (status === null) return null;
  return (
    <span
      className={`engine-summary health-text-${status.health.status}`}
      data-testid="engine-summary"
      data-running={status.running}
    >
      {status.running ? `running · ${status.source ?? '?'} · ${status.health.status}` : 'stopped'}
    </span>
  );
}

export function App({ connection }: { connection: Connection }) {
  const view = useUiStore((state) => state.view);
  const theme = useUiStore((state) => state.theme);
  const gate = useConnectionStore((state) => state.gate);
  const phase = useConnectionStore((state) => state.link.phase);
  const transport = useConnectionStore((state) => state.transport);
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((open) => !open), []);

  useKeyboard(toggleHelp);

  if (gate === 'no-bridge') return <NoBridgeScreen />;
  if (gate === 'needs-token') {
    return (
      <TokenScreen
        rejected={phase === 'unauthorized'}
        onToken={(token) => connection.connectWithToken(token)}
      />
    );
  }

  const ViewComponent = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <Nav view={view} />
      <div className="main">
        <header className="topbar">
          <ConnectionBadge onRetry={transport === 'websocket' ? connection.retryNow : null} />
          <EngineSummary />
          <span className="spacer" />
          <button
            type="button"
            className="icon-button"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
            title="Toggle theme (t)"
            data-testid="theme-toggle"
            data-theme={theme}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </header>
        <main className="content" data-testid={`view-${view}`}>
          <ViewComponent />
        </main>
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Toasts />
    </div>
  );
}
