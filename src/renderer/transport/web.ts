import {
  buildAdminApi,
  type AdminApi,
  type AdminMethod,
  type AdminRequest,
  type AdminResponses,
  type AdminResult,
} from '../../shared/admin-api';
import type { GatehouseEvent } from '../../shared/events';
import { openEventStream, type StreamStatus } from './sse';

/** Where each AdminApi lives on the console server: the live instance's, and the demo lab sandbox's. */
export const WEB_BASES = { live: '/admin', sandbox: '/admin/sandbox' } as const;

/**
 * The AdminApi over the console server's HTTP transport (docs/ARCHITECTURE.md "The admin transport"):
 * `POST <base>/api/<method>` answering the Result JSON, events over SSE on `<base>/events`.
 * Network failures become error results too, so screens handle one shape of failure.
 */
export function createWebApi(
  token: string,
  onStatus: (status: StreamStatus) => void,
  base: string = WEB_BASES.live,
): AdminApi {
  async function call<M extends AdminMethod>(
    method: M,
    request: AdminRequest<M>,
  ): Promise<AdminResult<AdminResponses[M]>> {
    try {
      const res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
        cache: 'no-store',
      });
      if (res.status === 401)
        return {
          ok: false,
          error: { code: 'unauthorized', message: 'The admin token was refused by the console server.' },
        };
      if (!res.headers.get('content-type')?.includes('json'))
        return {
          ok: false,
          error: { code: 'internal', message: `The console server answered ${res.status} without a result.` },
        };
      return (await res.json()) as AdminResult<AdminResponses[M]>;
    } catch (err) {
      return {
        ok: false,
        error: { code: 'internal', message: `Cannot reach the console server (${(err as Error).message}).` },
      };
    }
  }

  // one shared stream, however many subscribers; it closes with the last one
  const listeners = new Set<(event: GatehouseEvent) => void>();
  let stop: (() => void) | null = null;
  const subscribe = (listener: (event: GatehouseEvent) => void) => {
    listeners.add(listener);
    stop ??= openEventStream(token, (event) => listeners.forEach((l) => l(event)), onStatus, `${base}/events`);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stop) {
        stop();
        stop = null;
      }
    };
  };
  return buildAdminApi(call, subscribe);
}
