import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Safe starts on a data folder: one Gatehouse at a time, and never a silent new database in place
 * of one that exists but cannot be read.
 */

export const DB_FILE = 'gatehouse.db';
/** The lock: an empty SQLite file held in an open EXCLUSIVE transaction (an fcntl lock). */
export const LOCK_FILE = 'gatehouse.lock';
/** The holder's pid, for the message another process prints (the locked file cannot be read). */
export const PID_FILE = 'gatehouse.pid';

export interface DataFolderLock {
  readonly dir: string;
  /** Deletes the lock files and lets the lock go; a second call does nothing. */
  release(): void;
}

/**
 * Locks held by this process. Also keeps each lock's connection reachable: a connection that was
 * garbage-collected would be closed, and its lock silently let go.
 */
const held = new Set<Database.Database>();

/**
 * Takes the data folder's exclusive lock, or throws `data folder DIR is in use by another
 * Gatehouse (pid N)`. The kernel holds the lock (SQLite's fcntl lock on LOCK_FILE), so it ends
 * with the process however it ends, kill -9 included; a lock file left behind is just a file.
 * Take it before anything in the folder is written, and hold it for the process's life.
 */
export async function lockDataFolder(dir: string): Promise<DataFolderLock> {
  const file = path.join(dir, LOCK_FILE);
  const pidFile = path.join(dir, PID_FILE);
  // a holder deletes the file before letting go: what was locked must still be the file at the path
  for (let attempt = 0; attempt < 20; attempt++) {
    // created without opening an existing file: closing any descriptor of a file drops this
    // process's fcntl locks on it, which would free a lock another Gatehouse in this process holds
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const before = fs.statSync(file, { throwIfNoEntry: false });
    if (!before) continue;
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 0, fileMustExist: true });
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN') continue; // deleted in between
      throw err;
    }
    try {
      db.pragma('journal_mode = MEMORY'); // no journal file beside the lock
      db.exec('BEGIN EXCLUSIVE'); // left open: the lock lasts as long as the connection
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      throw new Error(`data folder ${dir} is in use by another Gatehouse (pid ${await holderPid(pidFile)})`, {
        cause: err,
      });
    }
    const after = fs.statSync(file, { throwIfNoEntry: false });
    if (!after || after.ino !== before.ino || after.dev !== before.dev) {
      db.close();
      continue;
    }
    held.add(db);
    fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
    let released = false;
    return {
      dir,
      release() {
        if (released) return;
        released = true;
        // deleted while still held, so no other process can lock the old file and think it holds the folder
        fs.rmSync(pidFile, { force: true });
        fs.rmSync(file, { force: true });
        held.delete(db);
        db.close();
      },
    };
  }
  throw new Error(`data folder ${dir}: could not take ${file} (it kept being replaced)`);
}

/** The pid in PID_FILE; the holder writes it just after locking, so a moment's wait may be needed. */
async function holderPid(pidFile: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : '';
    if (/^\d+$/.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'unknown';
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Whether `file` is a database to open (true) or missing, so a new one is to be created (false).
 * Throws for a file that exists but is empty or not a SQLite database: creating a new database
 * with new keys over it would silently drop every session, user and key.
 */
export function existingDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const advice = 'refusing to start; restore it from a backup or remove it to start a new data folder';
  try {
    const { size } = fs.fstatSync(fd);
    if (size === 0) throw new Error(`${file} is empty (0 bytes): ${advice}`);
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read < header.length || !header.equals(SQLITE_HEADER))
      throw new Error(`${file} is not a SQLite database (${size} bytes, no SQLite header): ${advice}`);
    return true;
  } finally {
    fs.closeSync(fd);
  }
}
