/**
 * Back-channel deliveries are isolated per receiver: apps that never answer hold only their own
 * slots, so a healthy app's logout is never queued behind them. The POSTs go through an injected
 * fetch that the test answers (or never does), so slots are counted, not timed.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { UserRecord } from '../../src/main/store/store';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const HANGING = 10;
const PER_CLIENT = 2;

/** POSTs the dispatcher made and the test has not answered yet, in order. */
let held: { uri: string; answer: (status: number) => void }[];
let posted: string[];
/** Once set, every app answers at once. */
let recovered: boolean;
let fx: GatehouseFixture;
let g: Gatehouse;
let user: UserRecord;

const fakeFetch = ((uri: string, init: RequestInit) =>
  new Promise<Response>((resolve, reject) => {
    posted.push(uri);
    if (recovered || uri.includes('healthy')) return resolve(new Response(null, { status: 200 }));
    held.push({ uri, answer: (status) => resolve(new Response(null, { status })) });
    init.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
  })) as typeof fetch;

beforeEach(async () => {
  held = [];
  posted = [];
  recovered = false;
  // a timeout longer than the test: a hanging app's POST stays in flight until answered
  fx = await openTestGatehouse({ logout: { fetch: fakeFetch, timeoutMs: 60_000, perClient: PER_CLIENT } });
  g = fx.gatehouse;
  user = await addUser(g, 'ann');
  for (const name of [...Array.from({ length: HANGING }, (_, i) => `hanging-${i}`), 'healthy'])
    await g.clients.apply(
      {
        clientId: name,
        name,
        redirectUris: [`https://${name}.example/cb`],
        postLogoutRedirectUris: [],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'none',
        backchannelLogoutUri: `https://${name}.example/backchannel`,
        audience: null,
      },
      'test',
    );
});

afterEach(async () => {
  // answer what hangs, so close has nothing in flight
  recovered = true;
  for (const post of held.splice(0)) post.answer(200);
  await g.logout.settle();
  await fx.close();
});

/** Ends one session the client signed in through; the store creates its delivery. */
async function endSessionOf(clientId: string): Promise<string> {
  const session = await g.sessions.startBrowserSession(user, CLIENT);
  await g.store.addSessionClient(session.id, clientId, g.clock.now());
  await g.sessions.revokeSession(session.id, 'test', 'admin');
  return session.id;
}

const statusOf = async (sessionId: string) => (await g.store.listLogoutDeliveries(sessionId))[0]?.status;

it("delivers a healthy app's logout while ten apps with backlogs hang, each holding only its own slots", async () => {
  for (let round = 0; round < 3; round++) for (let i = 0; i < HANGING; i++) await endSessionOf(`hanging-${i}`);
  const healthy = await endSessionOf('healthy');
  await g.logout.kick();
  // each POST leaves once its logout token is signed (RS256 off the event loop): wait for them all
  await vi.waitFor(() => expect(posted).toHaveLength(HANGING * PER_CLIENT + 1));

  expect(posted).toContain('https://healthy.example/backchannel');
  await vi.waitFor(async () => expect(await statusOf(healthy)).toBe('delivered'));
  // every hanging app has exactly its slots in flight, and no more
  for (let i = 0; i < HANGING; i++)
    expect(held.filter((p) => p.uri === `https://hanging-${i}.example/backchannel`)).toHaveLength(PER_CLIENT);
});

it("sends a hanging app's backlog as its own slots free, each delivery once", async () => {
  const sessions: string[] = [];
  for (let round = 0; round < 3; round++) sessions.push(await endSessionOf('hanging-0'));
  await g.logout.kick();
  // the POSTs leave once their logout tokens are signed (off the event loop)
  await vi.waitFor(() => expect(held).toHaveLength(PER_CLIENT));

  // the app recovers: answering its held POSTs lets the third go out
  for (const post of held.splice(0)) post.answer(200);
  await vi.waitFor(() => expect(held).toHaveLength(1));
  held.splice(0)[0]!.answer(200);
  await g.logout.settle();

  expect(posted).toHaveLength(3);
  for (const sid of sessions) expect(await statusOf(sid)).toBe('delivered');
});
