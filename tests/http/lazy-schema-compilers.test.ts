import Fastify from 'fastify';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { lazySchemaCompilers } from '../../src/main/http/lazy-schema-compilers';
import { openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const COMPILERS = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'].map((m) => fromFastify.resolve(m));
const loaded = () => COMPILERS.filter((file) => fromFastify.cache[file] !== undefined);

let fx: GatehouseFixture;
let server: AuthServer;

beforeAll(async () => {
  fx = await openTestGatehouse();
  server = await startAuthServer(fx.gatehouse, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await fx.close();
});

describe('lazySchemaCompilers: Fastify’s schema compilers loaded when a route first declares a schema', () => {
  // runs first: this file's process has started no other Fastify server
  it('leaves them unloaded by a started auth server answering requests (its routes declare no schema)', async () => {
    const res = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(loaded()).toEqual([]);
  });

  it('validates and serializes a route that declares a schema as Fastify’s default compilers do', async () => {
    const app = Fastify({ schemaController: lazySchemaCompilers() });
    app.post(
      '/echo',
      {
        schema: {
          body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
        },
      },
      async (req) => ({ ...(req.body as object), secret: 'not in the response schema' }),
    );
    try {
      const ok = await app.inject({ method: 'POST', url: '/echo', payload: { n: 7 } });
      expect(ok.json()).toEqual({ n: 7 });
      const bad = await app.inject({ method: 'POST', url: '/echo', payload: { n: 'seven' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: 'body/n must be integer' });
      expect(loaded()).toEqual(COMPILERS);
    } finally {
      await app.close();
    }
  });
});
