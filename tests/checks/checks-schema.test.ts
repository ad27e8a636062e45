/** What `checks.*` requests the admin API accepts before the engine sees them. */
import { describe, expect, it } from 'vitest';
import { parseAdminRequest } from '../../src/shared/admin-schemas';

const api = (request: unknown) => parseAdminRequest('checks.api', request);

describe('checks.api request', () => {
  it('accepts a URL with an optional method, headers, audience and refused statuses', () => {
    expect(api({ url: 'http://127.0.0.1:3000/api' })).toMatchObject({ ok: true });
    expect(
      api({
        url: 'http://127.0.0.1:3000/api',
        method: 'POST',
        headers: { 'x-tenant': 't1' },
        audience: 'orders',
        expect: { refused: [401, 403] },
      }),
    ).toMatchObject({ ok: true });
  });

  it('refuses unknown fields, methods, header names that are not tokens, too many headers and non-error statuses', () => {
    const url = 'http://127.0.0.1:3000/api';
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v']));
    for (const bad of [
      { url, extra: 1 },
      { url, method: 'TRACE' },
      { url, headers: { 'bad header': 'v' } },
      { url, headers: tooMany },
      { url, expect: { refused: [200] } },
      { url: '' },
      {},
    ])
      expect(api(bad), JSON.stringify(bad).slice(0, 60)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
  });

  it('lists with or without a target, and gets by run id', () => {
    expect(parseAdminRequest('checks.list', undefined)).toMatchObject({ ok: true });
    expect(parseAdminRequest('checks.list', { target: 'http://127.0.0.1/x' })).toMatchObject({ ok: true });
    expect(parseAdminRequest('checks.get', {})).toMatchObject({ ok: false });
    expect(parseAdminRequest('checks.get', { runId: 'r1' })).toMatchObject({ ok: true });
  });
});
