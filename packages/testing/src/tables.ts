import type Database from 'better-sqlite3';

/**
 * Replaces the rows of every table `which` names with those of the attached database `from`
 * (none: empties them), in one transaction, foreign keys off for this connection only. Virtual
 * tables and their shadow tables are left to the triggers that keep them (the sessions' full-text
 * index follows the sessions).
 */
export function replaceRows(db: Database.Database, from: string | null, which: (table: string) => boolean): void {
  db.pragma('foreign_keys = OFF');
  const schema = from ?? 'main';
  const tables = db.prepare(`SELECT name, sql FROM ${schema}.sqlite_master WHERE type = 'table'`).all() as {
    name: string;
    sql: string;
  }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  const regular = tables
    .map((t) => t.name)
    .filter((name) => !name.startsWith('sqlite_') && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  db.transaction(() => {
    for (const name of regular.filter(which)) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      db.exec(`DELETE FROM main.${quoted}`);
      if (from) db.exec(`INSERT INTO main.${quoted} SELECT * FROM ${from}.${quoted}`);
    }
  })();
}
