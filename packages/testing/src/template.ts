/**
 * The process's template database: the schema and the signing keys of the first instance this
 * process started, nothing else. A new RSA key costs 0.1–1 s of CPU (the ring makes two, the
 * active id_token key and its published successor); an instance started from the template opens
 * them, sealed under the same in-memory key-encryption key, instead. Instances of one process thus
 * share their signing keys; each has its own issuer, so none accepts another's tokens.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KekSource } from '../../../src/main/auth/key-seal';
import { memoryKek } from '../../../src/main/runtime/sandbox-instance';
import { replaceRows } from './tables';

/** What a template keeps: the schema's own bookkeeping and the keys. */
const TEMPLATE_TABLES = new Set(['schema_migrations', 'signing_keys']);

interface ProcessTemplate {
  kek: KekSource;
  /** The template file; undefined when the first instance failed. */
  ready: Promise<string | undefined>;
  publish(file: string | undefined): void;
}
let template: ProcessTemplate | undefined;

export interface TemplateTicket {
  kek: KekSource;
  /** The database to copy into the new data folder; none: start from nothing. */
  file: string | undefined;
  /** The first instance of the process makes the template (`templateMade`) once it is open. */
  first: boolean;
}

/** For a new SQLite instance: where its keys come from (waits for the first instance to be open). */
export async function takeTemplate(): Promise<TemplateTicket> {
  if (!template) {
    let publish!: (file: string | undefined) => void;
    const ready = new Promise<string | undefined>((resolve) => (publish = resolve));
    template = { kek: memoryKek(), ready, publish };
    return { kek: template.kek, file: undefined, first: true };
  }
  const { kek, ready } = template;
  return { kek, file: await ready, first: false };
}

/** The first instance's database once it is open, or undefined when it failed (the next start tries again). */
export function templateMade(database: string | undefined): void {
  const current = template!;
  if (database === undefined) template = undefined;
  current.publish(database && writeTemplate(database));
}

function writeTemplate(database: string): string {
  const dir = fs.mkdtempSync(path.join(tempRoot(), 'gatehouse-template-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.db');
  const source = new Database(database, { readonly: true });
  try {
    source.prepare('VACUUM INTO ?').run(file);
  } finally {
    source.close();
  }
  const db = new Database(file);
  try {
    replaceRows(db, null, (table) => !TEMPLATE_TABLES.has(table));
  } finally {
    db.close();
  }
  return file;
}

/**
 * Where instances keep their data: a RAM-backed folder when the system has one (Linux's /dev/shm),
 * else the temporary folder. A throwaway database needs no durability, and the fsync of each
 * SQLite commit is most of what a login costs on a disk (17 ms against 0.9 ms, bench/README.md).
 */
export function tempRoot(): string {
  return fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}
