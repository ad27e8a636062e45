/**
 * The app checks scenario's sample APIs in the sandbox: they keep the sandbox's virtual time, and
 * the verifier's revocations are the sandbox's own, so a revoke bites at once there and never in
 * the signature-only API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORDERS_PATH } from '../../examples/app-checks';
import { startSandboxApis, type SandboxApis } from '../../src/main/demo/sample-apis';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { startDemoLab, type DemoFixture } from './demo-fixture';

let lab: DemoFixture;
let apis: SandboxApis;
beforeAll(async () => {
  lab = await startDemoLab();
  // far from real time: only the sandbox's clock says whether its tokens are fresh
  lab.clock.advance(30 * 86_400);
  apis = await startSandboxApis(lab.gatehouse, lab.clock, lab.server.url);
});
afterAll(async () => {
  await apis?.close();
  await lab?.close();
});

const status = async (url: string, token: string) => {
  const res = await fetch(`${url}${ORDERS_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
};
const login = () => lab.gatehouse.sessions.login('alice', DEMO_PASSWORD, { ip: '127.0.0.1', userAgent: 'test' });

it("both accept a fresh token by the sandbox's clock, and refuse it once that clock passed its exp", async () => {
  const { access } = await login();
  expect([await status(apis.verifier.url, access.token), await status(apis.signatureOnly.url, access.token)]).toEqual([
    200, 200,
  ]);
  lab.clock.advance(3600);
  expect([await status(apis.verifier.url, access.token), await status(apis.signatureOnly.url, access.token)]).toEqual([
    401, 401,
  ]);
});

it("the verifier refuses a revoked session's token at once; the signature-only API still accepts it", async () => {
  const { access, session } = await login();
  await lab.gatehouse.sessions.revokeSession(session.id, 'test', 'admin');
  expect([await status(apis.verifier.url, access.token), await status(apis.signatureOnly.url, access.token)]).toEqual([
    401, 200,
  ]);
});
