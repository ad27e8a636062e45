import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminRequest } from '../../shared/admin-api';
import type { TokenVerifyView } from '../../shared/admin-views';
import type { ConsoleTarget } from '../store/app-slice';
import type { KeySourceKind, VerifyRequest } from '../store/inspector-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { messageOf } from './query-client';

function keyRequest(kind: KeySourceKind, text: string): AdminRequest<'tokens.verify'>['key'] {
  switch (kind) {
    case 'ring':
      return { kind: 'ring' };
    case 'jwk':
      return { kind: 'jwk', jwk: text };
    case 'jwks':
      return { kind: 'jwks', jwks: text };
    case 'pem':
      return { kind: 'pem', pem: text };
    case 'secret':
      return { kind: 'secret', secret: text };
  }
}

/** The server's decode of a token: what only it knows (a kid missing from its ring, its clock). */
export const decodeQuery = (instance: ConsoleTarget, token: string) =>
  queryOptions({
    queryKey: [instance, 'tokens', 'decode', token] as const,
    queryFn: onInstance(instance, (api) => api.tokens.decode({ token })),
    gcTime: 10_000,
  });

/**
 * One verification asked for (each request has its own number: a verification is an act at a
 * moment, never a cached fact).
 */
export const verifyQuery = (instance: ConsoleTarget, r: VerifyRequest) =>
  queryOptions({
    queryKey: [instance, 'tokens', 'verify', r] as const,
    queryFn: onInstance(instance, (api) =>
      api.tokens.verify({ token: r.token, key: keyRequest(r.keySource, r.keyText) }),
    ),
    // the answer for the same token and key stays on screen while it runs again
    placeholderData: (previous: TokenVerifyView | undefined, previousQuery) => {
      const before = previousQuery?.queryKey[3];
      const same = before?.token === r.token && before.keySource === r.keySource && before.keyText === r.keyText;
      return same ? previous : undefined;
    },
    gcTime: 10_000,
  });

/** The server's decode of the token the inspector holds, once typing paused. */
export function useServerDecode() {
  const instance = useInstance();
  const token = useStore((s) => s.inspector.serverToken);
  return useQuery({ ...decodeQuery(instance, token), enabled: !!token }).data ?? null;
}

/** The inspector's verification: its answer and state, and `verify()` to run it again now. */
export function useVerification() {
  const instance = useInstance();
  const queryClient = useQueryClient();
  const request = useStore((s) => s.inspector.verification);
  const query = useQuery({
    ...verifyQuery(instance, request ?? { n: -1, token: '', keySource: 'ring', keyText: '' }),
    enabled: !!request,
  });
  const state = !request ? 'idle' : query.isFetching || query.isPending ? 'loading' : query.isError ? 'error' : 'ready';
  return {
    verify: request && !query.isError ? (query.data ?? null) : null,
    state,
    error: query.isError ? messageOf(query.error) : null,
    /** Verifies the token with the chosen key now; resolves once answered. */
    async run() {
      const next = useStore.getState().requestVerification();
      if (next) await queryClient.fetchQuery(verifyQuery(instance, next)).catch(() => undefined);
    },
  } as const;
}

/** Mints a token for a new session of `userId` and puts it in the inspector (verified against the ring). */
export function useMintToken() {
  const mint = useAdminMutation({
    domain: 'tokens',
    run: (api, userId: string) => api.tokens.mint({ userId }),
    success: (m) => `Minted a token for a new session (${m.sessionId.slice(0, 8)}…), valid ${m.expiresIn} s.`,
    failure: 'Mint failed',
    // a new session: the Sessions screen and the user's sessions show it
    invalidates: (i) => [
      [i, 'sessions'],
      [i, 'users', 'sessions'],
    ],
  });
  return {
    minting: mint.pending,
    async mintToken(userId: string) {
      const minted = await mint.run(userId);
      const { setKeySource, setInspectorToken } = useStore.getState();
      setKeySource('ring');
      if (minted) setInspectorToken(minted.accessToken);
    },
  };
}
