/** The list of keyboard shortcuts, toggled with `?`. */
import { SHORTCUT_HELP } from '../lib/keymap';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <div className="help-head">
        <span>Keyboard shortcuts</span>
        <button type="button" className="toast-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="help-list">
        {SHORTCUT_HELP.map(([keys, action]) => (
          <div key={keys} className="help-row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
