/**
 * Collects pushed events and hands them over in one batch at most every `delayMs`, so a burst of
 * logins (hundreds per second under load) costs one store update and one refetch, not hundreds.
 */
export function createEventBatcher<E>(
  flush: (events: E[]) => void,
  delayMs: number,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
) {
  let queue: E[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length) flush(batch);
  };
  return {
    push(event: E) {
      queue.push(event);
      timer ??= timers.setTimeout(run, delayMs);
    },
    /** Forgets what is queued: the events' instance is no longer shown. */
    drop() {
      if (timer) timers.clearTimeout(timer);
      timer = null;
      queue = [];
    },
    /** Delivers what is queued now (tests, teardown). */
    flushNow() {
      if (timer) timers.clearTimeout(timer);
      run();
    },
  };
}

/**
 * Runs `fn` at most once per `intervalMs`; calls in between coalesce into one trailing run, so the
 * last change is never lost.
 */
export function createThrottle(fn: () => void, intervalMs: number, now: () => number = () => Date.now()) {
  let last = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (pending) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) {
      last = now();
      fn();
      return;
    }
    pending = setTimeout(() => {
      pending = null;
      last = now();
      fn();
    }, wait);
  };
}
