import { useShallow } from 'zustand/react/shallow';
import { SCREENS } from '../lib/screens';
import { useStore } from '../store/store';
import { SegmentedControl, type SegmentOption } from './segmented-control';
import type { ConsoleTarget, Theme } from '../store/app-slice';

const STREAM_LABEL = {
  connecting: 'Connecting…',
  live: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token refused',
} as const;
const TARGETS: SegmentOption<ConsoleTarget>[] = [
  {
    id: 'live',
    label: 'Live',
    title: 'The live instance: your real sessions, keys and users',
    className: 'target-live',
  },
  {
    id: 'sandbox',
    label: 'Sandbox',
    title: "The demo lab's sandbox: a second Gatehouse with demo data only",
    className: 'target-sandbox',
  },
];
const THEMES: SegmentOption<Theme>[] = [
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
      <SegmentedControl
        label="Instance shown"
        className="target-switch"
        testId="target-switch"
        options={TARGETS}
        value={target}
        onChange={(t) => void switchTarget(t)}
      />
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
        <SegmentedControl label="Theme" className="theme-switch" options={THEMES} value={theme} onChange={setTheme} />
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
