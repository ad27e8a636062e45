/**
 * The web console's admin token. It arrives in the URL fragment (`#token=…`, never sent to the
 * server, never in its logs) or is pasted into the gate, and is kept in `sessionStorage`: a reload
 * of the tab stays signed in, closing the tab forgets it, and no other tab or window sees it. The
 * fragment is removed from the address bar as soon as it is read, so the token does not end up in
 * history, bookmarks or screenshots.
 */
const KEY = 'gatehouse.adminToken';

/**
 * The token in what a user pastes or opens: a bare token, a fragment (`#token=…`, `token=…`) or a
 * whole URL with one. Null when there is none (an empty string, or a URL without `token=`).
 */
export function parseTokenInput(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const hash = text.indexOf('#');
  if (hash >= 0 || /^token=/.test(text)) {
    const token = new URLSearchParams(text.slice(hash + 1)).get('token')?.trim();
    return token || null;
  }
  // a URL without a fragment carries no token; anything else with a space is not one either
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /\s/.test(text)) return null;
  return text;
}

/** Reads `#token=…` from the address bar and removes the fragment; null when there is none. */
export function takeTokenFromLocation(): string | null {
  if (!location.hash) return null;
  const token = parseTokenInput(location.hash);
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage can be unavailable (file://, some private modes): the token then lasts until a reload
  }
}

export function storeToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // see storedToken
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // see storedToken
  }
}
