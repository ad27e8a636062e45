/** The console's screens, in nav order; the digit is the keyboard shortcut. */
export const SCREENS = [
  { id: 'sessions', label: 'Sessions', key: '1' },
  { id: 'users', label: 'Users', key: '2' },
  { id: 'clients', label: 'Clients', key: '3' },
  { id: 'inspector', label: 'Token inspector', key: '4' },
  { id: 'denylist', label: 'Denylist', key: '5' },
  { id: 'keys', label: 'Signing keys', key: '6' },
  { id: 'audit', label: 'Audit log', key: '7' },
  { id: 'settings', label: 'Settings', key: '8' },
  { id: 'demo', label: 'Demo lab', key: '9' },
  { id: 'app-checks', label: 'App checks', key: '0' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export const isScreenId = (value: string | null): value is ScreenId => SCREENS.some((s) => s.id === value);

/** `?screen=` selects the first screen; later switches keep the URL in step so a reload stays put. */
export function readInitialScreen(): ScreenId {
  const wanted = new URLSearchParams(location.search).get('screen');
  return isScreenId(wanted) ? wanted : 'sessions';
}

export function writeScreenToUrl(screen: ScreenId): void {
  const params = new URLSearchParams(location.search);
  params.set('screen', screen);
  history.replaceState(history.state, '', `${location.pathname}?${params.toString()}`);
}
