import { useShallow } from 'zustand/react/shallow';
import { SCREENS } from '../lib/screens';
import { useStore } from '../store/store';
import type { ConsoleTarget, Theme } from '../store/app-slice';

const STREAM_LABEL = {
  connecting: 'Connecting…',
  live: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token refused',
} as const;
const TARGETS: { id: ConsoleTarget; label: string; title: string }[] = [
  { id: 'live', label: 'Live', title: 'The live instance: your real sessions, keys and users' },
  { id: 'sandbox', label: 'Sandbox', title: "The demo lab's sandbox: a second Gatehouse with demo data only" },
];
const THEMES: { id: Theme; label: string }[] = [
  { id: 'system', label: 'System' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

/**
 * Sidebar: brand, which instance is shown (live or the demo lab's sandbox), screens with their
 * shortcuts, connection state, theme, and where the server runs.
 */
export function Nav() {
  const { target, switchTarget, screen, setScreen, stream, info, theme, setTheme } = useStore(
    useShallow((s) => ({
      target: s.target,
      switchTarget: s.switchTarget,
      screen: s.screen,
      setScreen: s.setScreen,
      stream: s.stream,
      info: s.info,
      theme: s.theme,
      setTheme: s.setTheme,
    })),
  );
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span>Gatehouse</span>
      </div>
      <div className="target-switch" role="radiogroup" aria-label="Instance shown" data-testid="target-switch">
        {TARGETS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="radio"
            aria-checked={target === t.id}
            title={t.title}
            className={`target-${t.id} ${target === t.id ? 'is-on' : ''}`}
            onClick={() => void switchTarget(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <nav aria-label="Screens">
        <ul className="nav-list">
          {SCREENS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`nav-item ${screen === s.id ? 'is-current' : ''}`}
                aria-current={screen === s.id ? 'page' : undefined}
                aria-keyshortcuts={s.key}
                onClick={() => setScreen(s.id)}
              >
                <span className={`nav-icon icon-${s.id}`} aria-hidden="true" />
                <span className="nav-label">{s.label}</span>
                <kbd aria-hidden="true">{s.key}</kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-foot">
        <div className={`stream stream-${stream}`} role="status" aria-label={`Live updates: ${STREAM_LABEL[stream]}`}>
          <span className="stream-dot" aria-hidden="true" />
          {STREAM_LABEL[stream]}
        </div>
        <div className="theme-switch" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <button
              key={t.id}
              type="button"
              role="radio"
              aria-checked={theme === t.id}
              className={theme === t.id ? 'is-on' : ''}
              onClick={() => setTheme(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        {info && (
          <dl className="server-info">
            <dt>Auth server</dt>
            <dd className="cut" title={info.authUrl}>
              {info.authUrl.replace(/^https?:\/\//, '')}
            </dd>
            <dt>Store</dt>
            <dd>{info.store}</dd>
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Mode</dt>
            <dd>
              {info.mode}
              {info.virtualClock ? ', virtual clock' : ''}
            </dd>
          </dl>
        )}
      </div>
    </aside>
  );
}
