/**
 * The process's template database: the schema and the signing keys of the first instance this
 * process started, nothing else. A new RSA key costs 0.1–1 s of CPU (the ring makes two, the
 * active id_token key and its published successor); an instance started from the template opens
 * them, sealed under the same in-memory key-encryption key, instead. Instances of one process thus
 * share their signing keys; each has its own issuer, so none accepts another's tokens. The
 * template is an image in memory, never a file: a process ended without its `exit` event (a test
 * runner's worker) leaves nothing behind.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import type { KekSource } from '../../../src/main/auth/key-seal';
import { memoryKek } from '../../../src/main/runtime/sandbox-instance';
import { replaceRows } from './tables';

/** What a template keeps: the schema's own bookkeeping and the keys. */
const TEMPLATE_TABLES = new Set(['schema_migrations', 'signing_keys']);

interface ProcessTemplate {
  kek: KekSource;
  /** The template's database image; undefined when the first instance failed. */
  ready: Promise<Buffer | undefined>;
  publish(image: Buffer | undefined): void;
}
let template: ProcessTemplate | undefined;

export interface TemplateTicket {
  kek: KekSource;
  /** The database to write as the new data folder's (a SQLite file's bytes); none: start from nothing. */
  image: Buffer | undefined;
  /** The first instance of the process makes the template (`templateMade`) once it is open. */
  first: boolean;
}

/** For a new SQLite instance: where its keys come from (waits for the first instance to be open). */
export async function takeTemplate(): Promise<TemplateTicket> {
  if (!template) {
    let publish!: (image: Buffer | undefined) => void;
    const ready = new Promise<Buffer | undefined>((resolve) => (publish = resolve));
    template = { kek: memoryKek(), ready, publish };
    return { kek: template.kek, image: undefined, first: true };
  }
  const { kek, ready } = template;
  return { kek, image: await ready, first: false };
}

/** The first instance's database once it is open, or undefined when it failed (the next start tries again). */
export function templateMade(database: string | undefined): void {
  const current = template!;
  if (database === undefined) template = undefined;
  current.publish(database === undefined ? undefined : templateImage(database));
}

/** The live database's image (its WAL included), but the rows of every table a template does not keep. */
function templateImage(database: string): Buffer {
  const source = new Database(database, { readonly: true });
  let image: Buffer;
  try {
    image = source.serialize();
  } finally {
    source.close();
  }
  // an in-memory database cannot be in WAL mode: the header's read and write versions say rollback
  // (the instance's store sets WAL again when it opens its copy)
  image[18] = 1;
  image[19] = 1;
  const db = new Database(image);
  try {
    replaceRows(db, null, (table) => !TEMPLATE_TABLES.has(table));
    db.exec('VACUUM'); // the deleted rows' pages go too
    return db.serialize();
  } finally {
    db.close();
  }
}

/**
 * Where instances keep their data: a RAM-backed folder when the system has one (Linux's /dev/shm),
 * else the temporary folder. A throwaway database needs no durability, and the fsync of each
 * SQLite commit is most of what a login costs on a disk (17 ms against 0.9 ms, bench/README.md).
 */
export function tempRoot(): string {
  return fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}
