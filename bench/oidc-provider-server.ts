/**
 * The reference side of the token-endpoint comparison (bench/oidc.ts): panva's oidc-provider 9,
 * configured for what Gatehouse's client_credentials grant does and nothing more. One static
 * confidential client (client_secret_basic, grant client_credentials), one ES256 signing key, and
 * every client_credentials token an RFC 9068 JWT (`typ: at+jwt`) for one default resource
 * (features.resourceIndicators: defaultResource + getResourceServerInfo with accessTokenFormat
 * 'jwt', the documented way in v9). The default in-memory adapter; no hooks, no middleware.
 *
 *   node --import tsx bench/oidc-provider-server.ts --client-id ID --client-secret SECRET
 *
 * When ready it prints one line `BENCH_READY {json}` (url, token endpoint) on stdout.
 * SIGTERM/SIGINT: it closes and exits.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    audience: { type: 'string', default: 'demo-resource' },
    ttl: { type: 'string', default: '60' },
  },
  strict: true,
});
const clientId = args['client-id'];
const clientSecret = args['client-secret'];
if (!clientId || !clientSecret) throw new Error('--client-id and --client-secret are required');
const ttl = Number(args.ttl);

/** The resource every client_credentials token is for (a resource indicator is an absolute URI). */
const RESOURCE = 'urn:gatehouse-bench:resource';

const signingKey = {
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('base64url'),
  alg: 'ES256',
  use: 'sig',
};

// the issuer is the server's own URL, so the port is taken first and the provider mounted after
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const provider = new Provider(url, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      // the only key is ES256; the default (RS256) would make the client metadata invalid
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [signingKey] },
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      getResourceServerInfo: () => ({
        scope: '',
        audience: args.audience,
        accessTokenTTL: ttl,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
  ttl: { ClientCredentials: ttl },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
});
server.on('request', provider.callback());

console.log(`BENCH_READY ${JSON.stringify({ url, tokenEndpoint: `${url}/token`, alg: signingKey.alg })}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
