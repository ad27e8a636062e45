import { useEffect, useState } from 'react';
import { connectWithToken } from '../transport/connect';
import { parseTokenInput } from '../transport/token';

/** How the server was started (`npm start` or `npm run serve`), as its console server reports it. */
function useLaunchCommand(): string | null {
  const [command, setCommand] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/launch.json', { cache: 'no-store' })
      .then((res) => (res.ok ? (res.json() as Promise<{ command?: unknown }>) : null))
      .then((body) => {
        if (live && typeof body?.command === 'string') setCommand(body.command);
      })
      .catch(() => undefined); // an older server: the text names both commands
    return () => {
      live = false;
    };
  }, []);
  return command;
}

/**
 * Shown when the web console has no admin token for this tab (or the server refused it). Takes
 * the token itself or the whole sign-in link the server printed; the token is then kept for the
 * tab's session (see transport/token.ts).
 */
export function TokenGate({ error }: { error: string | null }) {
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const command = useLaunchCommand();
  const shown = inputError ?? error;
  return (
    <main className="gate">
      <form
        className="gate-card"
        aria-labelledby="gate-title"
        onSubmit={(e) => {
          e.preventDefault();
          const token = parseTokenInput(input);
          if (!token)
            return setInputError('That link carries no token: copy the whole URL, including its #token=… part.');
          setInputError(null);
          void connectWithToken(token);
        }}
      >
        <div className="brand brand-lg">
          <span className="brand-mark" aria-hidden="true" />
          Gatehouse
        </div>
        <h1 id="gate-title">Sign in to the console</h1>
        <p className="muted">
          Open the <code>sign in:</code> link that{' '}
          {command ? (
            <code>{command}</code>
          ) : (
            <>
              <code>npm start</code> or <code>npm run serve</code>
            </>
          )}{' '}
          printed as its last line, or paste that link or the admin token here. The token is kept for this browser tab
          until you close it.
        </p>
        <p className="muted small">
          Set <code>GATEHOUSE_ADMIN_TOKEN</code> yourself? Then no link is printed: paste its value.
        </p>
        {shown && (
          <p className="form-error" role="alert">
            {shown}
          </p>
        )}
        <label className="field">
          <span>Sign-in link or admin token</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              setInputError(null);
            }}
            autoFocus
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={!input.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
