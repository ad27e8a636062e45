import type { ConsoleApis } from '../store/app-slice';

/**
 * Inside the Electron window the preload has already exposed the contract: the live instance's
 * AdminApi as `window.gatehouse`, the sandbox's as `window.gatehouse.sandbox`; nothing to build.
 */
export function getIpcApis(): ConsoleApis | null {
  if (typeof window === 'undefined' || !window.gatehouse) return null;
  return { live: window.gatehouse, sandbox: window.gatehouse.sandbox };
}
