import { useSyncExternalStore } from 'react';
import { useStore } from '../store/store';

/**
 * One shared one-second clock for every countdown on screen: a single interval, started with the
 * first subscriber and stopped with the last, so a table of 50 rows does not run 50 timers.
 */
let second = Math.floor(Date.now() / 1000);
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    second = Math.floor(Date.now() / 1000);
    timer = setInterval(() => {
      second = Math.floor(Date.now() / 1000);
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The server's "now" in whole seconds, ticking every second (local clock plus measured skew). */
export function useServerNow(): number {
  const local = useSyncExternalStore(subscribe, () => second);
  const skew = useStore((s) => s.skew);
  return Math.floor(local + skew);
}
