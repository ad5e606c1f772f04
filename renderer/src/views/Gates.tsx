/**
 * Screens shown instead of the console when it cannot work yet: a browser without a (valid) token,
 * or an Electron page whose preload bridge is missing.
 */
import { useState, type FormEvent } from 'react';
import { tokenFromPaste } from '../transport/token';

export function TokenScreen({ rejected, onToken }: { rejected: boolean; onToken: (token: string) => void }) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const token = tokenFromPaste(text);
    setInvalid(token === null);
    if (token !== null) onToken(token);
  }

  return (
    <main className="gate" data-testid="token-screen" data-rejected={rejected}>
      <h1>Vigil</h1>
      {rejected ? (
        <p role="alert" className="notice notice-error">
          The host refused this window's access token. Tokens change each time the host starts.
        </p>
      ) : (
        <p>This console needs the access token of the Vigil host.</p>
      )}
      <p>
        Start the host with <kbd>npm run serve</kbd> and open the URL it prints (it ends with{' '}
        <code>?token=…</code>), or paste that URL here:
      </p>
      <form onSubmit={submit} className="gate-form">
        <input
          aria-label="URL or token"
          placeholder="http://127.0.0.1:…/?token=…"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          data-testid="token-input"
        />
        <button type="submit" className="primary" data-testid="token-submit">
          Connect
        </button>
      </form>
      {invalid && (
        <p role="alert" className="field-error">
          That is neither the printed URL nor a token.
        </p>
      )}
    </main>
  );
}

export function NoBridgeScreen() {
  return (
    <main className="gate" data-testid="no-bridge-screen">
      <h1>Vigil</h1>
      <p role="alert" className="notice notice-error">
        This window cannot reach the engine: the Electron preload bridge (<code>window.vigil</code>) is
        missing.
      </p>
      <p>
        Rebuild the app with <kbd>npm run build</kbd> and start it again; if this persists, the preload failed
        to load (see the main process log).
      </p>
    </main>
  );
}
