/**
 * Starts the sample app against a running Gatehouse (`npm run example` starts both):
 *   node --import tsx examples/sample-app/main.ts   (from the repository root)
 * Environment: GATEHOUSE_ISSUER (http://127.0.0.1:8787), SAMPLE_APP_PORT (3000), GATEHOUSE_REDIS
 * (the deployment's Redis, for the revocation feed). The client's id, secret and audience are
 * read from gatehouse.json, the file Gatehouse registered it from.
 */
import fs from 'node:fs';
import { startSampleApp } from './app';

const config = JSON.parse(fs.readFileSync(new URL('./gatehouse.json', import.meta.url), 'utf8')) as {
  clients: { clientId: string; clientSecret: string; audience: string }[];
};
const client = config.clients.find((c) => c.clientId === 'sample-app')!;
const port = Number(process.env.SAMPLE_APP_PORT ?? 3000);

const app = await startSampleApp({
  issuer: process.env.GATEHOUSE_ISSUER ?? 'http://127.0.0.1:8787',
  clientId: client.clientId,
  clientSecret: client.clientSecret,
  audience: client.audience,
  port,
  redisUrl: process.env.GATEHOUSE_REDIS || undefined,
}).catch((err: NodeJS.ErrnoException) => {
  console.error(
    err.code === 'EADDRINUSE'
      ? `sample app: port ${port} is in use; set SAMPLE_APP_PORT to another port`
      : `sample app: could not start: ${err.message}`,
  );
  process.exit(1);
});
console.log(`sample app: ${app.url}`);
let closing: Promise<void> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void (closing ??= app.close()).then(() => process.exit(0)));
