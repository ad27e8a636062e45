/**
 * The web console receives the admin token once, in the URL fragment (never sent to the server,
 * never in logs), and keeps it in memory only: it is removed from the address bar at once so it
 * does not end up in history, bookmarks or screenshots.
 */
export function takeTokenFromLocation(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token && token.trim() ? token.trim() : null;
}
