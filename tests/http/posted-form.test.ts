import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthCookies, LOGIN_BINDING_COOKIE } from '../../src/main/http/cookies';
import { loginFormParams } from '../../src/main/http/endpoints/authorize-login';
import { InteractionSigner } from '../../src/main/http/oidc/interaction';
import { openPostedForm, type HostedForm } from '../../src/main/http/oidc/posted-form';
import { readParams } from '../../src/main/http/params';

const NOW = 1_800_000_000;
const BINDING = 'b'.repeat(22);
const signer = new InteractionSigner(Buffer.alloc(32, 3));
const form: HostedForm = {
  signer,
  bindingCookie: LOGIN_BINDING_COOKIE,
  cookies: new AuthCookies(() => 'http://127.0.0.1'),
  sameOrigin: (req) => req.headers.origin !== 'https://evil.example',
  action: 'Sign-in',
  startOver: 'start over',
};
const sealed = signer.seal({ client_id: 'web' }, BINDING, NOW);

/** The login form's one read of its body, then the posted-form check; answers what it opened. */
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  await app.register(cookie);
  await app.register(formbody);
  app.post('/form', async (req, reply) => {
    const read = readParams(req.body, loginFormParams);
    const opened = openPostedForm(req, reply, form, read, NOW);
    if ('sent' in opened) return opened.sent;
    return { params: opened.params, fieldsReadable: read.ok };
  });
  await app.ready();
});
afterAll(() => app.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/form',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    cookies: { gh_login: BINDING },
    payload: body,
  });

describe('openPostedForm: a hosted form read once with its endpoint schema', () => {
  it('opens the signed request it carries', async () => {
    const res = await post(new URLSearchParams({ interaction: sealed, username: 'alice', password: 'pw' }).toString());
    expect(res.json()).toEqual({ params: { client_id: 'web' }, fieldsReadable: true });
  });

  it('refuses a form from another site before reading it', async () => {
    const res = await post(`interaction=${sealed}`, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('this form was sent from another site');
  });

  it('refuses a signed field given twice, saying so', async () => {
    const res = await post(`interaction=${sealed}&interaction=${sealed}&username=alice&password=pw`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('interaction is given more than once; start over');
  });

  it('leaves a problem with the other fields to its endpoint (the login form counts it as no credentials)', async () => {
    const res = await post(`interaction=${sealed}&username=a&username=b&password=pw`);
    expect(res.json()).toEqual({ params: { client_id: 'web' }, fieldsReadable: false });
  });

  it('refuses a form opened in another browser', async () => {
    const res = await post(`interaction=${signer.seal({ client_id: 'web' }, 'other', NOW)}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('this form was not opened in this browser');
  });
});
