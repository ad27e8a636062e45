/**
 * The deployment's demo data, created once (`Store.claimSeeding`): the first instance creates the
 * demo users with its password and the `demo-resource` client with its secret. A later instance on
 * the same Redis, or a restart, changes neither, so the secrets the first one printed keep working;
 * only a client secret given by the environment (the same on every instance) is kept current.
 * What an instance prints must be true, so it checks its own secrets against the store's.
 */
import type { Gatehouse } from '../auth/gatehouse';
import { sha256b64u } from '../auth/random';
import { safeEqual } from '../lib/constant-time';
import { applyDemoClient, DEMO_CLIENT_ID, DEMO_USERS, ensureDemoData } from './open-gatehouse';
import type { HeadlessSecrets } from './secrets';

export interface SeedOutcome {
  /** This instance created the demo data now (the deployment's first start). */
  seededNow: boolean;
  /** The demo users exist (not when the first start's config said `"demoUsers": false`). */
  demoUsersExist: boolean;
  /** This instance's demo password is the demo users' (false: the first instance's is). */
  demoPasswordHolds: boolean;
  /** This instance's client secret is `demo-resource`'s (false: the first instance's is). */
  clientSecretHolds: boolean;
}

export async function seedDeployment(
  gatehouse: Gatehouse,
  secrets: Pick<HeadlessSecrets, 'demoPassword' | 'clientSecret'>,
  clientSecretFromEnv: boolean,
  demoUsers = true,
): Promise<SeedOutcome> {
  if (await gatehouse.store.claimSeeding(gatehouse.clock.now())) {
    if (demoUsers) await ensureDemoData(gatehouse, secrets.demoPassword, secrets.clientSecret);
    else await applyDemoClient(gatehouse, secrets.clientSecret);
    return { seededNow: true, demoUsersExist: demoUsers, demoPasswordHolds: demoUsers, clientSecretHolds: true };
  }
  if (clientSecretFromEnv) await applyDemoClient(gatehouse, secrets.clientSecret);
  const user = await gatehouse.store.getUserByUsername(DEMO_USERS[0].username);
  const client = await gatehouse.store.getClient(DEMO_CLIENT_ID);
  return {
    seededNow: false,
    demoUsersExist: !!user,
    demoPasswordHolds:
      !!user && (await gatehouse.passwords.verify(secrets.demoPassword, user.passwordHash).catch(() => false)),
    clientSecretHolds: !!client?.secretHash && safeEqual(client.secretHash, sha256b64u(secrets.clientSecret)),
  };
}
