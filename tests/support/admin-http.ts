import type { AdminMethod, AdminRequest, AdminResponses } from '../../src/shared/admin-api';

export type AdminCall = <M extends AdminMethod>(method: M, request?: AdminRequest<M>) => Promise<AdminResponses[M]>;

/** The admin web transport (`POST /admin/api/<method>`) as a typed function; throws on an error result. */
export function adminOver(consoleUrl: string, adminToken: string): AdminCall {
  return async (method, request) => {
    const res = await fetch(new URL(`/admin/api/${method}`, consoleUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(request ?? {}),
    });
    const body = (await res.json()) as { ok: boolean; value?: never; error?: { code: string; message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
    return body.value as never;
  };
}
