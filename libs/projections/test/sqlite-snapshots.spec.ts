import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { SqliteReadModels } from '@ledger/projections';
import { snapshotsSuite } from './snapshots-suite';

const dir = mkdtempSync(join(tmpdir(), 'ledger-snapshots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

snapshotsSuite('SQLite', {
  create: async () => {
    const events = SqliteEventStore.open(join(dir, 'ledger.db'), { pollIntervalMs: 50 });
    return { events, readModels: new SqliteReadModels(events.db), close: () => events.close() };
  },
});
