/**
 * Recipe: one Gatehouse for a whole vitest run. `globalSetup` runs in vitest's own process, so the
 * tests (in their workers) get its URL through `provide`/`inject` and talk HTTP to it, as your
 * app does: point the app's issuer setting at `inject('gatehouseIssuer')`.
 */
import type { TestProject } from 'vitest/node';
import { startGatehouse } from '@gatehouse/testing';
import { config } from '../config';

declare module 'vitest' {
  export interface ProvidedContext {
    gatehouseIssuer: string;
  }
}

export default async function setup(project: TestProject) {
  const gh = await startGatehouse({ config });
  project.provide('gatehouseIssuer', gh.issuer);
  return () => gh.stop();
}
