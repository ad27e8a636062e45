import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import {
  dispatchAdminInvoke,
  forwardEvents,
  registerAdminHandlers,
  type IpcMainLike,
} from '../../src/main/electron/ipc';
import {
  checkSenderFor,
  isAppUrl,
  methodOfChannel,
  type FrameLike,
  type IpcEventLike,
} from '../../src/main/electron/sender-check';
import { ADMIN_METHODS, type AdminResult } from '../../src/shared/admin-api';
import { adminChannel, channelFor, IPC_EVENT_CHANNEL, LIVE_CHANNELS, SANDBOX_CHANNELS } from '../../src/shared/bridge';
import type { GatehouseEvent } from '../../src/shared/events';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const APP_URL = pathToFileURL('/opt/Gatehouse/resources/app.asar/out/renderer/index.html').href;

type Listener = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;

/** Behaves as Electron's ipcMain does for what the wrapper uses. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<AdminResult<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler(event, ...args)) as AdminResult<unknown>;
  }
}

const frame = (url: string, parent: FrameLike | null = null): FrameLike => ({ url, parent });
/** An event from the main frame of a window showing `url`. */
function fromMainFrame(url: string): IpcEventLike {
  const main = frame(url);
  return { sender: { mainFrame: main }, senderFrame: main };
}
const appEvent = () => fromMainFrame(`${APP_URL}?screen=sessions#token`);

let fx: GatehouseFixture;
let g: Gatehouse;
let ipc: FakeIpcMain;
let dispose: () => void;
const sessionIds: string[] = [];

beforeAll(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  const user = await addUser(g, 'carol');
  for (let i = 0; i < 3; i++) sessionIds.push((await g.sessions.startSession(user, CLIENT, 'login')).session.id);
  const admin = new AdminService({
    gatehouse: g,
    authUrl: () => 'http://127.0.0.1:1',
    mode: 'desktop',
    version: 'test',
  });
  ipc = new FakeIpcMain();
  dispose = registerAdminHandlers(ipc, admin, checkSenderFor(APP_URL));
});
afterAll(() => fx.close());
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

/** Statuses of every session, to show a refused call changed nothing. */
async function snapshot(): Promise<string[]> {
  return (await g.store.listSessions({ limit: 100 })).items.map((s) => `${s.id}:${s.status}`).sort();
}

describe('registerAdminHandlers', () => {
  it('registers exactly one prefixed channel per contract method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(ADMIN_METHODS.map(adminChannel).sort());
  });

  it('answers a good call from the app page with ok:true', async () => {
    const res = await ipc.invoke(adminChannel('sessions.list'), appEvent(), { status: 'active' });
    expect(res).toMatchObject({ ok: true, value: { total: 3 } });
  });

  it('has no handler for a channel outside the contract (Electron rejects the invoke itself)', async () => {
    await expect(ipc.invoke('gatehouse:admin:sessions.drop', appEvent(), {})).rejects.toThrow(/No handler registered/);
    await expect(ipc.invoke('sessions.list', appEvent(), {})).rejects.toThrow(/No handler registered/);
  });

  it('removes every handler on dispose', () => {
    const local = new FakeIpcMain();
    const off = registerAdminHandlers(local, { handle: async () => ({ ok: true, value: null }) as never }, () => null);
    expect(local.handlers.size).toBe(ADMIN_METHODS.length);
    off();
    expect(local.handlers.size).toBe(0);
  });
});

describe('refused senders', () => {
  const revoke = (event: IpcEventLike) =>
    ipc.invoke(adminChannel('sessions.revoke'), event, { sessionId: sessionIds[0] });
  const cases: [string, () => IpcEventLike, RegExp][] = [
    ['a foreign origin', () => fromMainFrame('https://evil.example/'), /https:\/\/evil\.example may not/],
    ['another local file', () => fromMainFrame('file:///tmp/evil.html'), /file:\/\/ may not/],
    [
      'a subframe of the app page',
      () => {
        const main = frame(APP_URL);
        return { sender: { mainFrame: main }, senderFrame: frame(APP_URL, main) };
      },
      /only the main frame/,
    ],
    [
      'a frame that is not the main frame object',
      () => ({ sender: { mainFrame: frame(APP_URL) }, senderFrame: frame(APP_URL) }),
      /only the main frame/,
    ],
    [
      'a null senderFrame (navigated away or destroyed)',
      () => ({ sender: { mainFrame: frame(APP_URL) }, senderFrame: null }),
      /frame is gone/,
    ],
    [
      'a senderFrame getter that throws',
      () => ({
        sender: { mainFrame: frame(APP_URL) },
        get senderFrame(): FrameLike | null {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      }),
      /frame is gone/,
    ],
  ];
  for (const [name, event, message] of cases) {
    it(`refuses ${name} with unauthorized, changing nothing`, async () => {
      const before = await snapshot();
      const res = await revoke(event());
      expect(res).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.stringMatching(message) } });
      expect(await snapshot()).toEqual(before);
    });
  }

  it('checks the sender before it looks at the payload', async () => {
    const res = await ipc.invoke(adminChannel('sessions.revoke'), fromMainFrame('https://evil.example/'), {
      sessionId: 42,
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('refused channels', () => {
  it('refuses a channel without the admin prefix', async () => {
    const res = await dispatchAdminInvoke({ handle: vi.fn() }, () => null, 'gatehouse:event', appEvent(), [{}]);
    expect(res).toEqual({ ok: false, error: { code: 'unauthorized', message: 'not an admin channel' } });
  });
  it('refuses an unknown method under the prefix', async () => {
    const handle = vi.fn();
    const res = await dispatchAdminInvoke({ handle }, () => null, 'gatehouse:admin:__proto__', appEvent(), [{}]);
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(handle).not.toHaveBeenCalled();
  });
  it('maps channels to methods exactly', () => {
    expect(methodOfChannel('gatehouse:admin:sessions.list')).toBe('sessions.list');
    expect(methodOfChannel('gatehouse:admin:sessions.list ')).toBeNull();
    expect(methodOfChannel('gatehouse:admin:toString')).toBeNull();
    expect(methodOfChannel('other:sessions.list')).toBeNull();
  });
});

describe('refused payloads', () => {
  const huge = 'a'.repeat(1_000_000);
  const cases: [string, string, unknown[]][] = [
    ['a number for an id', 'sessions.revoke', [{ sessionId: 42 }]],
    ['an array for an id', 'sessions.revokeUser', [{ userId: ['x'] }]],
    ['an extra field', 'sessions.revoke', [{ sessionId: 'placeholder', admin: true }]],
    ['a __proto__ key', 'sessions.revoke', [JSON.parse('{"sessionId":"placeholder","__proto__":{"admin":true}}')]],
    ['a huge id', 'sessions.revoke', [{ sessionId: huge }]],
    ['a huge token', 'tokens.decode', [{ token: huge }]],
    ['a huge list limit', 'sessions.list', [{ limit: 1e9 }]],
    ['a string where an object belongs', 'sessions.list', ['{}']],
    ['null', 'sessions.revoke', [null]],
    ['no request at all', 'sessions.revoke', []],
    ['a second argument', 'sessions.list', [{}, { more: true }]],
  ];
  for (const [name, method, args] of cases) {
    it(`refuses ${name} with invalid_request, changing nothing`, async () => {
      const before = await snapshot();
      const filled = args.map((a) =>
        a && typeof a === 'object' && 'sessionId' in a && a.sessionId === 'placeholder'
          ? { ...a, sessionId: sessionIds[0] }
          : a,
      );
      const res = await ipc.invoke(adminChannel(method as 'sessions.list'), appEvent(), ...filled);
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', message: expect.stringContaining(method) },
      });
      expect(await snapshot()).toEqual(before);
    });
  }

  it('treats SQL-looking ids as plain strings', async () => {
    const before = await snapshot();
    const revoke = await ipc.invoke(adminChannel('sessions.revoke'), appEvent(), { sessionId: "x' OR '1'='1" });
    expect(revoke).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const revokeUser = await ipc.invoke(adminChannel('sessions.revokeUser'), appEvent(), {
      userId: "'; DROP TABLE sessions; --",
    });
    expect(revokeUser).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const list = await ipc.invoke(adminChannel('sessions.list'), appEvent(), { userId: "x' OR '1'='1", text: '%' });
    expect(list).toMatchObject({ ok: true, value: { total: 0, items: [] } });
    expect(await snapshot()).toEqual(before);
  });

  it('returns an internal error as data when the service throws', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await dispatchAdminInvoke(
      { handle: () => Promise.reject(new Error('disk on fire')) },
      () => null,
      adminChannel('sessions.list'),
      appEvent(),
      [{}],
    );
    expect(res).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error; see the main process log' },
    });
  });

  it('lets a good revoke through, which then shows in the list', async () => {
    const res = await ipc.invoke(adminChannel('sessions.revoke'), appEvent(), {
      sessionId: sessionIds[2],
      reason: 'test',
    });
    expect(res).toMatchObject({ ok: true, value: { id: sessionIds[2], status: 'revoked', revokedReason: 'test' } });
    expect((await g.store.getSession(sessionIds[2]!))?.status).toBe('revoked');
  });
});

describe('isAppUrl', () => {
  it('accepts only the app page itself for a file:// app', () => {
    expect(isAppUrl(`${APP_URL}#x`, APP_URL)).toBe(true);
    expect(isAppUrl(APP_URL.replace('index.html', 'other.html'), APP_URL)).toBe(false);
    expect(isAppUrl('https://evil.example/opt/Gatehouse/resources/app.asar/out/renderer/index.html', APP_URL)).toBe(
      false,
    );
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
  it('compares origins for the dev server', () => {
    const dev = 'http://localhost:5173/';
    expect(checkSenderFor(dev)(fromMainFrame('http://localhost:5173/index.html?x'))).toBeNull();
    expect(checkSenderFor(dev)(fromMainFrame('http://localhost:5174/'))).toMatch(/may not/);
    expect(checkSenderFor(dev)(fromMainFrame('http://localhost.evil.example:5173/'))).toMatch(/may not/);
  });
});

describe('forwardEvents', () => {
  it('sends each event payload on the event channel until the window is destroyed', () => {
    const sent: [string, GatehouseEvent][] = [];
    let destroyed = false;
    forwardEvents(g.bus, { send: (channel, event) => sent.push([channel, event]), isDestroyed: () => destroyed });
    const event: GatehouseEvent = { type: 'settings.changed', at: 1 };
    g.bus.emit(event);
    destroyed = true;
    g.bus.emit(event);
    destroyed = false;
    g.bus.emit(event); // unsubscribed at the first event after destruction
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, event]]);
  });
  it('stops when the returned function is called', () => {
    const send = vi.fn();
    const stop = forwardEvents(g.bus, { send, isDestroyed: () => false });
    stop();
    g.bus.emit({ type: 'settings.changed', at: 1 });
    expect(send).not.toHaveBeenCalled();
  });
});

describe("the sandbox channels (the demo lab sandbox's AdminApi)", () => {
  const sandboxAdmin = { handle: vi.fn(async (method: string) => ({ ok: true as const, value: { method } })) };
  let off: () => void;
  beforeAll(() => {
    // on the same ipcMain as the live handlers: no channel is registered twice
    off = registerAdminHandlers(ipc, sandboxAdmin as never, checkSenderFor(APP_URL), SANDBOX_CHANNELS);
  });
  afterAll(() => off());
  beforeEach(() => sandboxAdmin.handle.mockClear());

  it('registers gatehouse:sandbox:admin:<method> for every method, beside the live ones', () => {
    const sandboxChannels = [...ipc.handlers.keys()].filter((c) => c.startsWith('gatehouse:sandbox:admin:'));
    expect(sandboxChannels.sort()).toEqual(ADMIN_METHODS.map((m) => `gatehouse:sandbox:admin:${m}`).sort());
    expect(ipc.handlers.size).toBe(2 * ADMIN_METHODS.length);
  });

  it('hands a call from the app page to the sandbox admin, and a live call to the live one', async () => {
    const res = await ipc.invoke(channelFor(SANDBOX_CHANNELS, 'sessions.list'), appEvent(), { status: 'active' });
    expect(res).toEqual({ ok: true, value: { method: 'sessions.list' } });
    expect(sandboxAdmin.handle).toHaveBeenCalledWith('sessions.list', { status: 'active' });
    const live = await ipc.invoke(adminChannel('sessions.list'), appEvent(), { status: 'active' });
    expect(live).toMatchObject({ ok: true, value: { total: 2 } });
    expect(sandboxAdmin.handle).toHaveBeenCalledTimes(1);
  });

  it('checks the sender first, exactly as on the live channels', async () => {
    for (const event of [
      fromMainFrame('https://evil.example/'),
      { sender: { mainFrame: frame(APP_URL) }, senderFrame: frame(APP_URL, frame(APP_URL)) },
      { sender: { mainFrame: frame(APP_URL) }, senderFrame: null },
    ]) {
      const res = await ipc.invoke(channelFor(SANDBOX_CHANNELS, 'demo.reset'), event, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const twoArgs = await ipc.invoke(channelFor(SANDBOX_CHANNELS, 'demo.reset'), appEvent(), {}, {});
    expect(twoArgs).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(sandboxAdmin.handle).not.toHaveBeenCalled();
  });

  it('refuses a channel of the other set', async () => {
    const handle = vi.fn();
    expect(
      await dispatchAdminInvoke(
        { handle },
        () => null,
        adminChannel('sessions.list'),
        appEvent(),
        [{}],
        SANDBOX_CHANNELS,
      ),
    ).toEqual({ ok: false, error: { code: 'unauthorized', message: 'not an admin channel' } });
    expect(
      await dispatchAdminInvoke(
        { handle },
        () => null,
        channelFor(SANDBOX_CHANNELS, 'sessions.list'),
        appEvent(),
        [{}],
        LIVE_CHANNELS,
      ),
    ).toEqual({ ok: false, error: { code: 'unauthorized', message: 'not an admin channel' } });
    expect(methodOfChannel('gatehouse:sandbox:admin:sessions.list')).toBeNull();
    expect(methodOfChannel('gatehouse:sandbox:admin:sessions.list', SANDBOX_CHANNELS.prefix)).toBe('sessions.list');
    expect(handle).not.toHaveBeenCalled();
  });

  it('forwards the sandbox bus on its own event channel', () => {
    const sent: string[] = [];
    const stop = forwardEvents(
      g.bus,
      { send: (channel) => sent.push(channel), isDestroyed: () => false },
      SANDBOX_CHANNELS,
    );
    g.bus.emit({ type: 'settings.changed', at: 1 });
    stop();
    expect(sent).toEqual(['gatehouse:sandbox:event']);
  });
});

afterAll(() => dispose());
