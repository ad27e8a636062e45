import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { installFocusRescue } from '../lib/focus-rescue';
import { SCREENS } from '../lib/screens';
import { useStore } from '../store/store';
import { AppChecksScreen } from '../screens/app-checks/app-checks-screen';
import { AuditScreen } from '../screens/audit/audit-screen';
import { ClientsScreen } from '../screens/clients/clients-screen';
import { DemoScreen } from '../screens/demo/demo-screen';
import { DenylistScreen } from '../screens/denylist/denylist-screen';
import { InspectorScreen } from '../screens/inspector/inspector-screen';
import { KeysScreen } from '../screens/keys/keys-screen';
import { SessionsScreen } from '../screens/sessions/sessions-screen';
import { SettingsScreen } from '../screens/settings/settings-screen';
import { UsersScreen } from '../screens/users/users-screen';
import { Nav } from './nav';
import { TestHooksBanner } from './test-hooks-banner';
import { LoadingState, ErrorState } from './states';
import { Toasts } from './toasts';
import { TokenGate } from './token-gate';

const SCREEN_VIEWS = {
  sessions: SessionsScreen,
  users: UsersScreen,
  clients: ClientsScreen,
  inspector: InspectorScreen,
  denylist: DenylistScreen,
  keys: KeysScreen,
  audit: AuditScreen,
  settings: SettingsScreen,
  demo: DemoScreen,
  'app-checks': AppChecksScreen,
};

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export function App() {
  const { appState, appError, screen, theme, target, switchTarget, testHooks } = useStore(
    useShallow((s) => ({
      testHooks: s.info?.testHooks === true,
      appState: s.appState,
      appError: s.appError,
      screen: s.screen,
      theme: s.theme,
      target: s.target,
      switchTarget: s.switchTarget,
    })),
  );

  useEffect(() => installFocusRescue(), []);

  useEffect(() => {
    // "system" leaves the attribute off so the CSS follows prefers-color-scheme
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    // 1–9 and 0 switch screens (Alt+digit also while typing); the nav shows the shortcuts
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || (!e.altKey && isTyping(e.target))) return;
      const search = document.querySelector<HTMLInputElement>('[data-search]');
      if (e.key === '/' && search) {
        e.preventDefault();
        return search.focus();
      }
      const target = SCREENS.find((s) => s.key === e.key || (e.altKey && e.code === `Digit${s.key}`));
      if (!target || useStore.getState().appState !== 'ready') return;
      e.preventDefault();
      useStore.getState().setScreen(target.id);
      document.getElementById('main')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const title = SCREENS.find((s) => s.id === screen)?.label ?? 'Gatehouse';
  useEffect(() => {
    document.title = `${title}${target === 'sandbox' ? ' · Sandbox' : ''} · Gatehouse`;
  }, [title, target]);

  if (appState === 'needs-token')
    return (
      <div className="app-root" data-app-state="needs-token">
        <TokenGate error={appError} />
      </div>
    );
  const View = SCREEN_VIEWS[screen];
  return (
    <div
      className={`app-root app-shell ${target === 'sandbox' ? 'is-sandbox' : ''} ${testHooks ? 'has-test-hooks' : ''}`}
      data-app-state={appState}
      data-target={target}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {target === 'sandbox' && (
        // on every screen while the sandbox is shown, so its data is never taken for the live one's
        <div className="sandbox-banner" role="note" aria-label="Sandbox" data-testid="sandbox-banner">
          <span>
            <strong>Sandbox</strong> — demo data, not your live instance. Reset it from the Demo lab.
          </span>
          <button type="button" className="btn btn-sm" onClick={() => void switchTarget('live')}>
            Back to live
          </button>
        </div>
      )}
      <TestHooksBanner armed={testHooks} />
      <Nav />
      <main id="main" className="main" tabIndex={-1} aria-label={title}>
        {appState === 'loading' && <LoadingState label="Connecting to Gatehouse…" />}
        {appState === 'error' && (
          <ErrorState
            message={appError ?? 'The console could not reach Gatehouse.'}
            onRetry={() => location.reload()}
          />
        )}
        {appState === 'ready' && <View />}
      </main>
      <Toasts />
    </div>
  );
}
