/**
 * The `--config` block docs/conformance.md gives for running the Basic OP plan: it is accepted and
 * applied as written, registers the suite's three clients as the plan needs them (with the id_token
 * kept to the protocol's claims, so no module warns of a user claim there), and gives the test
 * user every claim the scope modules look for and no custom claim.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userinfoClaims } from '../../src/main/auth/userinfo';
import { applyConfig, parseConfig, type GatehouseConfig } from '../../src/main/runtime/config-file';
import { openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { missingScopeClaims, nonRequestedClaims } from './suite-claims';

/** The first JSON block of the page's Basic OP and Config OP section. */
function documentedConfig(): unknown {
  const page = fs.readFileSync(new URL('../../docs/conformance.md', import.meta.url), 'utf8');
  const section = page.slice(
    page.indexOf('## Basic OP and Config OP plans'),
    page.indexOf('\n## ', page.indexOf('## Basic OP') + 1),
  );
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('no JSON block in the Basic OP and Config OP section');
  return JSON.parse(block[1]!);
}

const passwords = useUnboundedHasher();
let fx: GatehouseFixture;
let config: GatehouseConfig;
beforeAll(async () => {
  fx = await openTestGatehouse({ passwords });
  config = parseConfig(documentedConfig(), 'docs/conformance.md');
  await applyConfig(fx.gatehouse, config);
});
afterAll(() => fx.close());

describe("docs/conformance.md's --config for the Basic OP plan", () => {
  it('registers client and client2 with client_secret_basic and client_secret_post with its method, all confidential, refresh-capable, without PKCE and with minimal id_tokens', async () => {
    const clients = await Promise.all(config.clients.map((c) => fx.gatehouse.clients.get(c.clientId)));
    expect(clients.map((c) => c?.tokenEndpointAuthMethod)).toEqual([
      'client_secret_basic',
      'client_secret_basic',
      'client_secret_post',
    ]);
    for (const c of clients) {
      expect(c).toMatchObject({
        type: 'confidential',
        requirePkce: false,
        responseTypes: ['code'],
        idTokenClaims: 'minimal',
      });
      expect(c!.grantTypes).toEqual(['authorization_code', 'refresh_token']);
      expect(c!.redirectUris[0]).toMatch(/^https:\/\/.+\/test\/a\/ALIAS\/callback$/);
    }
  });

  it('gives the user every claim of profile, email, address and phone at UserInfo, and no custom claim', async () => {
    const user = (await fx.gatehouse.store.getUserByUsername(config.users[0]!.username))!;
    const scope = 'openid profile email address phone';
    const claims = userinfoClaims(user, scope);
    expect(missingScopeClaims(claims, scope)).toEqual([]);
    expect(nonRequestedClaims(claims, scope)).toEqual([]);
  });
});
