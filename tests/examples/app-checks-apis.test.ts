/**
 * The three sample APIs of examples/app-checks against a real Gatehouse on Redis (its revocation
 * feed is what @gatehouse/verifier reads): each refuses and accepts what its README says.
 */
import type { TestGatehouse } from '@gatehouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_PATH, type SampleApi } from '../../examples/app-checks';
import { SAMPLE_API_AUDIENCE as AUDIENCE, startSampleApisLab, type SampleApisLab } from '../support/sample-apis';

let lab: SampleApisLab;
let gh: TestGatehouse;
let apis: SampleApisLab['apis'];

beforeAll(async () => {
  lab = await startSampleApisLab();
  ({ gh, apis } = lab);
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

type Answer = { status: number; reason?: string };
const ask = async (api: SampleApi, token: string): Promise<Answer> => {
  const res = await fetch(`${api.url}${ORDERS_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { reason?: string };
  return res.status === 200 ? { status: 200 } : { status: res.status, reason: body.reason };
};
const askAll = async (token: string) => ({
  verifier: await ask(apis.verifier, token),
  signatureOnly: await ask(apis.signatureOnly, token),
  decodeOnly: await ask(apis.decodeOnly, token),
});
const userId = async (username: string) => {
  const users = await gh.admin.users.list({});
  if (!users.ok) throw new Error(users.error.message);
  const user = users.value.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
};
const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const issue = async (sub = 'carol', audience = AUDIENCE) => (await gh.issueToken({ sub, audience })).access_token;

describe('the three sample APIs', () => {
  it('all accept a valid token of a live session for their audience', async () => {
    expect(await askAll(await issue())).toEqual({
      verifier: { status: 200 },
      signatureOnly: { status: 200 },
      decodeOnly: { status: 200 },
    });
  });

  it('verifier and signature-only refuse another audience and a forged alg:none token; decode-only accepts both', async () => {
    const token = await issue();
    const [, payload] = token.split('.');
    const algNone = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${payload}.`;
    expect(await askAll(await issue('carol', 'billing'))).toMatchObject({
      verifier: { status: 401, reason: 'aud_invalid' },
      signatureOnly: { status: 401 },
      decodeOnly: { status: 200 },
    });
    expect(await askAll(algNone)).toMatchObject({
      verifier: { status: 401 },
      signatureOnly: { status: 401 },
      decodeOnly: { status: 200 },
    });
  });

  it('only the verifier refuses a revoked session, a denylisted jti, a raised user version and a disabled user', async () => {
    const revoked = await gh.issueToken({ sub: 'carol', audience: AUDIENCE });
    ok(await gh.admin.sessions.revoke({ sessionId: String(revoked.session_id), reason: 'app checks test' }));
    const denylisted = await issue();
    ok(await gh.admin.denylist.add({ kind: 'token', token: denylisted, reason: 'app checks test' }));
    const stale = await issue('dave');
    ok(await gh.admin.users.bumpVersion({ userId: await userId('dave'), reason: 'app checks test' }));

    await expect
      .poll(() => ask(apis.verifier, revoked.access_token))
      .toEqual({ status: 401, reason: 'session_revoked' });
    await expect.poll(() => ask(apis.verifier, denylisted)).toEqual({ status: 401, reason: 'jti_revoked' });
    await expect.poll(() => ask(apis.verifier, stale)).toEqual({ status: 401, reason: 'version_stale' });
    for (const token of [revoked.access_token, denylisted, stale]) {
      expect(await ask(apis.signatureOnly, token)).toEqual({ status: 200 });
      expect(await ask(apis.decodeOnly, token)).toEqual({ status: 200 });
    }

    const disabled = await issue('dave');
    ok(await gh.admin.users.update({ userId: await userId('dave'), disabled: true }));
    await expect.poll(async () => (await ask(apis.verifier, disabled)).status).toBe(401);
    expect(await ask(apis.signatureOnly, disabled)).toEqual({ status: 200 });
    expect(await ask(apis.decodeOnly, disabled)).toEqual({ status: 200 });
  });

  it('verifier and signature-only refuse an expired token; decode-only accepts it', async () => {
    const token = await issue();
    await gh.clock.advance('10m');
    expect(await askAll(token)).toMatchObject({
      verifier: { status: 401, reason: 'token_expired' },
      signatureOnly: { status: 401, reason: 'ERR_JWT_EXPIRED' },
      decodeOnly: { status: 200 },
    });
  });

  it('all answer a request without a Bearer token 401 with a bare Bearer challenge', async () => {
    for (const api of Object.values(apis)) {
      const res = await fetch(`${api.url}${ORDERS_PATH}`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
      expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    }
  });
});
