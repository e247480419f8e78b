import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { Tamper, event, eventStoreContract } from './contract';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
let file = '';
let count = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Edits the file with a separate connection, as someone with the file in hand could. */
const direct = (statements: (db: Database.Database) => void) => {
  const db = new Database(file);
  try {
    statements(db);
  } finally {
    db.close();
  }
};

const tamper = (): Tamper => ({
  alterData: async (stream, revision, data) =>
    direct((db) =>
      db
        .prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?')
        .run(JSON.stringify(data), stream, revision),
    ),
  swapOrder: async (stream, a, b) =>
    direct((db) =>
      db.transaction(() => {
        const pos = (r: number) =>
          (
            db.prepare('SELECT position FROM events WHERE stream = ? AND revision = ?').get(stream, r) as {
              position: number;
            }
          ).position;
        const [pa, pb] = [pos(a), pos(b)];
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(pa);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(pa, pb);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(pb);
      })(),
    ),
  deleteRow: async (stream, revision) =>
    direct((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(stream, revision)),
  insertRow: async (stream, copyOf) =>
    direct((db) =>
      db
        .prepare(
          `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
           SELECT id || '-forged', stream, (SELECT MAX(revision) + 1 FROM events WHERE stream = ?), type, data, metadata, recorded_at
           FROM events WHERE stream = ? AND revision = ?`,
        )
        .run(stream, stream, copyOf),
    ),
});

eventStoreContract('sqlite', {
  create: async () => {
    file = join(dir, `ledger-${++count}.db`);
    return SqliteEventStore.open(file, { pollIntervalMs: 50 });
  },
  reopen: async () => SqliteEventStore.open(file, { pollIntervalMs: 50 }),
  tamper,
  writerEnv: () => ({ TEST_STORE: 'sqlite', TEST_SQLITE_FILE: file }),
});

describe('sqlite: a file from before positions were AUTOINCREMENT', () => {
  it('is migrated on open, its events unchanged, and never gives a deleted last position again', async () => {
    file = join(dir, 'before-autoincrement.db');
    const store = SqliteEventStore.open(file);
    for (let i = 0; i < 3; i++) await store.append('s', [event('E', { i })], { expectedRevision: 'any' });
    const before = await store.readAll();
    await store.close();
    // The table as it was created before: positions reused after the last row is deleted.
    direct((db) =>
      db.transaction(() => {
        db.exec(`CREATE TABLE old_events AS SELECT * FROM events`);
        db.exec(`DROP TABLE events`);
        db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
          revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
          recorded_at TEXT NOT NULL, UNIQUE (stream, revision))`);
        db.exec(`INSERT INTO events SELECT * FROM old_events ORDER BY position`);
        db.exec(`DROP TABLE old_events`);
        db.exec(`DELETE FROM events WHERE position = 3`);
      })(),
    );
    const reopened = SqliteEventStore.open(file);
    expect(await reopened.readAll()).toEqual(before.slice(0, 2));
    const next = await reopened.append('t', [event('E', {})], { expectedRevision: 'no-stream' });
    expect(Number(next.position)).toBe(4);
    await reopened.close();
  });
});
