import { Worker } from 'node:worker_threads';
import { DocWrite } from './read-model-store';

/** Documents for one table of the file. */
export interface TableWrite {
  table: string;
  docs: DocWrite[];
}

/** What runs in the worker: its own connection to the file, one transaction per batch of writes. */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 10000');
// A shadow table is thrown away if the process dies before the swap: no need to wait for the disk.
db.pragma('synchronous = OFF');
const statements = new Map();
const statement = (sql) => {
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
  return prepared;
};
const apply = db.transaction((writes) => {
  for (const { table, docs } of writes) {
    const upsert = statement('INSERT INTO ' + table + ' (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc');
    const remove = statement('DELETE FROM ' + table + ' WHERE key = ?');
    for (const { key, json } of docs) {
      if (json === null) remove.run(key);
      else upsert.run(key, json);
    }
  }
});
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    apply(message.writes);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) });
  }
});
`;

/**
 * Writes a rebuild's shadow tables from a worker thread on a connection of its own, so the
 * rebuild folds the next page of the log while the last one is written: the two halves of the
 * work run on two cores. Batches are applied in the order they are sent.
 */
export class SqliteShadowWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private sent = 0;

  constructor(file: string) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { file, driver: require.resolve('better-sqlite3') },
    });
    this.worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiter = this.waiting.get(id)!;
      this.waiting.delete(id);
      if (error) waiter.reject(new Error(`Writing the rebuilt read models failed: ${error}`));
      else waiter.resolve();
    });
    this.worker.on('error', (error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  write(writes: TableWrite[]): Promise<void> {
    const id = ++this.sent;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, writes });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('close');
    await exited;
  }
}
