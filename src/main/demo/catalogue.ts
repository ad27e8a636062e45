import type { DemoScenarioId, DemoScenarioView } from '../../shared/demo';
import type { ScenarioRun } from './lab';
import { runAppChecks } from './scenario-app-checks';
import { runStrategies } from './scenario-strategies';
import { runHappyPath, runStolenAccess } from './scenarios-sessions';
import { runKeyCompromise, runRoleChange, runStolenRefresh } from './scenarios-tokens';

/** The seven scenarios of the demo lab, in the order the console shows them. */
export const SCENARIOS: (DemoScenarioView & { run: ScenarioRun })[] = [
  {
    id: 'happy-path',
    title: 'Happy path',
    actors: ['client'],
    run: runHappyPath,
    explanation:
      'A client logs in, calls /api/me on a cadence and renews its short-lived access token in the background before it expires. Every refresh rotates the refresh token, and logging out ends the session at once.',
  },
  {
    id: 'stolen-access',
    title: 'Stolen access token',
    actors: ['victim', 'attacker'],
    run: runStolenAccess,
    explanation:
      "An attacker copies the victim's access token and calls the API with it alongside the victim. The admin revokes the session and the very next call of both is refused, long before the token would have expired.",
  },
  {
    id: 'stolen-refresh',
    title: 'Stolen refresh token',
    actors: ['victim', 'attacker'],
    run: runStolenRefresh,
    explanation:
      "An attacker steals the victim's refresh token and uses it first, so the victim's next background refresh presents a token that was already used. Reuse detection revokes the whole token family: both are out, on refresh and on /api/me.",
  },
  {
    id: 'key-compromise',
    title: 'Key compromise',
    actors: ['user'],
    run: runKeyCompromise,
    explanation:
      'The admin emergency-revokes the active signing key of this instance, and every token it signed is refused at once. The user stays signed in, because the session mints a token with the new key on the next refresh.',
  },
  {
    id: 'role-change',
    title: 'Role change',
    actors: ['user'],
    run: runRoleChange,
    explanation:
      "The admin bumps the user's token version, as a role change does, and every token with the old version is refused. The session lives on, and the refreshed token carries the new version and claims.",
  },
  {
    id: 'strategies',
    title: 'Strategy comparison',
    actors: ['server-session', 'stateless-jwt', 'jwt-denylist', 'access-refresh', 'hybrid'],
    run: runStrategies,
    explanation:
      'Five clients built five ways call on the same clock, then the admin revokes every session at the same moment. The charts show, measured live, the store reads each request cost with its share of the refreshes, and how long the revoked user could still act.',
  },
  {
    id: 'app-checks',
    title: 'App checks',
    actors: ['verifier API', 'signature-only API'],
    run: runAppChecks,
    explanation:
      'Gatehouse sends two sample APIs the tokens they must refuse: expired, revoked, forged, for another audience. The API using @gatehouse/verifier refuses them all; the one checking only the signature accepts every token whose session, jti or user was revoked since it was issued.',
  },
];

export const scenarioById = (id: DemoScenarioId) => SCENARIOS.find((s) => s.id === id)!;
