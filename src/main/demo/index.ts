/**
 * The demo lab: seven scenarios (catalogue.ts) played by the engine against an auth server, on a
 * virtual clock. In a running Gatehouse they are always played in the sandbox (sandbox.ts), a
 * second Gatehouse of its own, never against the live instance.
 */
export { DemoEngine } from './demo-engine';
export { Sandbox, type SandboxOptions } from './sandbox';
