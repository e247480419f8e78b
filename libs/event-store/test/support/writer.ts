/**
 * A writer process for the durability test: appends batches of three events forever and
 * prints each event id once its append is acknowledged. The test kills it with SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';

const open = async (): Promise<EventStore> => {
  if (process.env.TEST_STORE === 'postgres') {
    return PostgresEventStore.connect({
      connectionString: process.env.TEST_PG_URL!,
      schema: process.env.TEST_PG_SCHEMA!,
    });
  }
  return SqliteEventStore.open(process.env.TEST_SQLITE_FILE!);
};

const main = async () => {
  const store = await open();
  for (let batch = 0; ; batch++) {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await store.append(
      `scorecard-2007-writer-${batch % 7}`,
      ids.map((id, i) => ({
        id,
        type: 'PointsAwarded',
        data: { batch, i, note: '實地亮分'.repeat(20) },
        metadata: { actor: { id: 'writer', role: 'supervisor' } },
      })),
      { expectedRevision: 'any' },
    );
    process.stdout.write(ids.join('\n') + '\n');
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
