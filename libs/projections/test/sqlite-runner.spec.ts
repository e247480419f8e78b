import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { SqliteReadModels } from '@ledger/projections';
import { runnerSuite } from './runner-suite';

const dir = mkdtempSync(join(tmpdir(), 'ledger-projections-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runnerSuite('SQLite', {
  create: async () => {
    const events = SqliteEventStore.open(join(dir, `ledger-${++count}.db`), { pollIntervalMs: 50 });
    return { events, readModels: new SqliteReadModels(events.db), close: () => events.close() };
  },
});
