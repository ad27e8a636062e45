import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store';

/** Requests carrying this header get their store calls counted and answered in the response headers. */
export const DEMO_HEADER = 'x-gatehouse-demo';
export const READS_HEADER = 'x-gatehouse-store-reads';
export const WRITES_HEADER = 'x-gatehouse-store-writes';

interface Meter {
  reads: number;
  writes: number;
}

const current = new AsyncLocalStorage<Meter>();
const metered = new WeakSet<object>();
const isRead = (name: string) => /^(get|list|count)/.test(name);

/**
 * Counts the store calls each demo request causes, so the strategy comparison reports what the
 * server really did rather than what its design says. The store's methods are wrapped on this one
 * instance (the Store interface stays as it is); outside a metered request the wrapper only asks
 * AsyncLocalStorage for a meter and finds none. Installed only on the sandbox's store.
 */
export function meterStore(store: Store): void {
  if (metered.has(store)) return;
  metered.add(store);
  const target = store as unknown as Record<string, unknown>;
  const names = new Set<string>();
  for (
    let proto: object | null = Object.getPrototypeOf(store) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  )
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  for (const name of Object.keys(store)) names.add(name);
  for (const name of names) {
    const original = target[name];
    if (name === 'constructor' || name === 'close' || typeof original !== 'function') continue;
    const read = isRead(name);
    target[name] = function metered(this: unknown, ...args: unknown[]) {
      const meter = current.getStore();
      if (meter) {
        if (read) meter.reads++;
        else meter.writes++;
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

/** Runs every request marked with the demo header inside its own meter and reports the counts. */
export function addStoreMeterHooks(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.headers[DEMO_HEADER] === undefined) return done();
    current.run({ reads: 0, writes: 0 }, done);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const meter = current.getStore();
    if (meter && req.headers[DEMO_HEADER] !== undefined)
      reply.header(READS_HEADER, String(meter.reads)).header(WRITES_HEADER, String(meter.writes));
    return payload;
  });
}
