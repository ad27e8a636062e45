import { describe, expect, it, vi } from 'vitest';
import type { IdTokenHint } from '../../src/main/auth/id-tokens';
import {
  checkLogoutRequest,
  confirmLogout,
  logout,
  type LogoutDeps,
  type LogoutParams,
} from '../../src/main/auth/logout-request';
import type { SessionRecord } from '../../src/main/store/store';
import { makeClient, makeSession } from '../store/contract-fixtures';

const web = makeClient({ id: 'web', name: 'Web', postLogoutRedirectUris: ['https://rp.example/bye'] });
const other = makeClient({ id: 'other', name: 'Other' });
const HINT = 'a.valid.hint';
const COOKIE = 'c'.repeat(43);
const hinted: IdTokenHint = { userId: 'u1', sessionId: 's-hinted', clientId: 'web' };
const input = (params: LogoutParams) => ({ params, invalid: null });

/** The use cases over fakes: a hint verifier that knows one token, two clients, and the browser's session. */
function deps(browserSession: SessionRecord | null = null) {
  return {
    verifyHint: vi.fn(async (token: string) => (token === HINT ? hinted : null)),
    clients: { get: async (id: string) => [web, other].find((c) => c.id === id) ?? null },
    sessions: { endSession: vi.fn(async () => null) },
    browserSessions: { resolve: vi.fn(async () => browserSession), close: vi.fn(async () => {}) },
  } satisfies LogoutDeps;
}

describe('checkLogoutRequest: RP-initiated logout validation', () => {
  it.each<[string, LogoutParams, string]>([
    ['an unknown hint', { id_token_hint: 'forged' }, 'id_token_hint is not an ID token Gatehouse issued'],
    ['a client_id other than the hint’s', { id_token_hint: HINT, client_id: 'other' }, 'names another client'],
    ['an unknown client', { client_id: 'nobody' }, 'no client "nobody" is registered here'],
    [
      'a redirect with no client to own it',
      { post_logout_redirect_uri: 'https://rp.example/bye' },
      'needs id_token_hint or client_id',
    ],
    [
      'an unregistered redirect',
      { client_id: 'web', post_logout_redirect_uri: 'https://rp.example/bye/' },
      'is not a post-logout redirect URI registered for Web',
    ],
  ])('refuses %s', async (_what, params, message) => {
    const refused = await checkLogoutRequest(deps(), input(params));
    expect(refused).toEqual(expect.stringContaining(message));
  });

  it('refuses a parameter the edge could not read, with its reason', async () => {
    const refused = await checkLogoutRequest(deps(), {
      params: {},
      invalid: { name: 'state', message: 'state is given more than once' },
    });
    expect(refused).toBe('state is given more than once');
  });

  it('accepts a hint and a redirect registered exactly for its client, keeping state', async () => {
    const params = { id_token_hint: HINT, post_logout_redirect_uri: 'https://rp.example/bye', state: 'st' };
    expect(await checkLogoutRequest(deps(), input(params))).toEqual({
      hint: hinted,
      client: web,
      redirectUri: 'https://rp.example/bye',
      state: 'st',
    });
  });

  it('does not verify a hint again for Gatehouse’s own confirmation form', async () => {
    const d = deps();
    const checked = await checkLogoutRequest(d, input({ id_token_hint: 'stale', client_id: 'web' }), true);
    expect(checked).toMatchObject({ hint: null, client: web });
    expect(d.verifyHint).not.toHaveBeenCalled();
  });
});

describe('logout and confirmLogout: what the end-session endpoint does', () => {
  it('a refused request ends nothing', async () => {
    const d = deps();
    expect(await logout(d, input({ client_id: 'nobody' }), COOKIE)).toMatchObject({ kind: 'refuse' });
    expect(d.sessions.endSession).not.toHaveBeenCalled();
  });

  it('without a hint the user confirms first, and nothing ends yet', async () => {
    const d = deps(makeSession('u1'));
    expect(await logout(d, input({ client_id: 'web' }), COOKIE)).toEqual({
      kind: 'confirm',
      request: { hint: null, client: web, redirectUri: null, state: null },
    });
    expect(d.sessions.endSession).not.toHaveBeenCalled();
  });

  it('with a hint the session it names ends at once, and the browser’s too when it is the same one', async () => {
    const d = deps(makeSession('u1', { id: 's-hinted' }));
    const decision = await logout(d, input({ id_token_hint: HINT }), COOKIE);
    expect(d.sessions.endSession).toHaveBeenCalledWith('s-hinted', 'signed out at Web', 'client:web');
    expect(d.browserSessions.close).toHaveBeenCalledWith(COOKIE);
    expect(decision).toMatchObject({ kind: 'signed_out', browserSignedOut: true });
  });

  it('with a hint for another session, someone else signed in here since keeps theirs', async () => {
    const d = deps(makeSession('u2', { id: 's-someone-else' }));
    const decision = await logout(d, input({ id_token_hint: HINT }), COOKIE);
    expect(d.sessions.endSession).toHaveBeenCalledWith('s-hinted', expect.any(String), 'client:web');
    expect(d.browserSessions.close).not.toHaveBeenCalled();
    expect(decision).toMatchObject({ kind: 'signed_out', browserSignedOut: false });
  });

  it('a confirmed logout ends the browser’s session, as the user’s doing when no app is named', async () => {
    const d = deps(makeSession('u1', { id: 's-browser' }));
    const decision = await confirmLogout(d, input({}), COOKIE);
    expect(d.sessions.endSession).toHaveBeenCalledWith('s-browser', 'signed out at Gatehouse', 'user');
    expect(d.browserSessions.close).toHaveBeenCalledWith(COOKIE);
    expect(decision).toEqual({
      kind: 'signed_out',
      request: { hint: null, client: null, redirectUri: null, state: null },
      browserSignedOut: true,
    });
  });

  it('a confirmed logout with no live browser session still clears the cookie and ends nothing', async () => {
    const d = deps(null);
    expect(await confirmLogout(d, input({ client_id: 'web' }), undefined)).toMatchObject({
      kind: 'signed_out',
      browserSignedOut: true,
    });
    expect(d.sessions.endSession).not.toHaveBeenCalled();
  });
});
