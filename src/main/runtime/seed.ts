/**
 * `npm run seed -- --data-dir DIR --sessions N [--users M]`: fills a data folder with N realistic
 * sessions; `npm run serve -- --data-dir DIR` then opens it (same secrets, same key ring).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedDataFolder } from './seed-sessions';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run seed -- --data-dir DIR --sessions N [--users M]`);
  process.exit(2);
}

function count(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000_000)
    usage(`--${name} must be a whole number up to 10,000,000, not ${JSON.stringify(value)}`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: { 'data-dir': { type: 'string' }, sessions: { type: 'string' }, users: { type: 'string' } },
    strict: true,
  }).values;
} catch (err) {
  usage((err as Error).message);
}
if (!args['data-dir']) usage('--data-dir is required');
const dataDir = path.resolve(args['data-dir']);
const users = count(args.users, 'users');
if (users === 0) usage('--users must be at least 1');

try {
  const report = await seedDataFolder({ dataDir, sessions: count(args.sessions, 'sessions', 1000)!, users });
  const { active, revoked, expired } = report.byStatus;
  console.log(
    `seeded ${report.sessions} sessions (${active} active, ${revoked} revoked, ${expired} expired) for ${report.users} users (${report.newUsers} new) in ${report.seconds.toFixed(1)} s`,
  );
  console.log(`open it with: npm run serve -- --data-dir ${dataDir}`);
} catch (err) {
  console.error(`seed: ${(err as Error).message}`);
  process.exit(1);
}
