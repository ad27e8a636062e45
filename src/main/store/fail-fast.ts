import { StoreUnavailableError } from './store';

/**
 * Makes every method of an adapter instance reject with StoreUnavailableError when `classify`
 * recognises the failure as the storage being out of reach (disk full, I/O error, Redis down),
 * keeping the original as its cause. Done once per adapter instance, so no method can forget it;
 * anything `classify` does not recognise passes through unchanged (a bug stays a bug).
 */
export function reportUnavailable<S extends object>(
  store: S,
  classify: (err: unknown) => StoreUnavailableError | null,
): S {
  const target = store as unknown as Record<string, unknown>;
  const convert = (err: unknown): unknown => (err instanceof StoreUnavailableError ? err : (classify(err) ?? err));
  for (
    let proto = Object.getPrototypeOf(store) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = target[name];
      if (name === 'constructor' || typeof original !== 'function' || guarded.has(original)) continue;
      const wrapped = function guardedMethod(this: unknown, ...args: unknown[]) {
        let result: unknown;
        try {
          result = (original as (...a: unknown[]) => unknown).apply(this, args);
        } catch (err) {
          throw convert(err);
        }
        return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(convert(err))) : result;
      };
      guarded.add(wrapped);
      target[name] = wrapped;
    }
  }
  return store;
}

const guarded = new WeakSet<object>();
