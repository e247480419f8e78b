import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import {
  Checkpointer,
  Ed25519SigningKey,
  SqliteTreeStore,
  TreeBuilder,
  cycleSealExtension,
  eventLeafHash,
  findCycleSeal,
  hashToHex,
  openCheckpoint,
  rootOf,
} from '@ledger/audit';

const ORIGIN = 'appraisal-ledger/test';
const note = (i: number) => ({ type: 'Noted', data: { i }, metadata: { actor: { id: 't', role: 'admin' } } });

describe('checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoints-'));
  const signer = Ed25519SigningKey.generate(ORIGIN);
  let events: SqliteEventStore;
  let store: SqliteTreeStore;
  let builder: TreeBuilder;

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:', { pollIntervalMs: 20 });
    store = new SqliteTreeStore(events.db);
    builder = new TreeBuilder(events, store);
    await builder.start();
  });

  afterEach(async () => {
    await builder.stop();
    await events.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const appendSome = async (count: number) => {
    let last = '';
    for (let i = 0; i < count; i++) {
      last = (await events.append(`s-${i % 5}`, [note(i)], { expectedRevision: 'any' })).position;
    }
    return last;
  };

  it('signs the tree as it stands covering a position: the note opens with the verifier key and names the events’ root', async () => {
    const checkpointer = new Checkpointer(builder, store, signer, {
      origin: ORIGIN,
      everyMs: 60_000,
      directory: dir,
    });
    const last = await appendSome(37);
    const issued = await checkpointer.issue({ covering: last, extensions: [cycleSealExtension(2007)] });
    const root = rootOf((await events.readAll()).map((e) => eventLeafHash(e.metadata.hash)));
    expect(issued).toMatchObject({ treeSize: 37, rootHash: hashToHex(root), lastPosition: last });
    const opened = openCheckpoint(issued.note, [signer.verifier], { origin: ORIGIN });
    expect(opened.checkpoint.treeSize).toBe(37);
    expect(hashToHex(opened.checkpoint.rootHash)).toBe(hashToHex(root));
    expect(findCycleSeal(opened.checkpoint.extensions)).toMatchObject({ year: 2007 });
    expect(await store.latestCheckpoint()).toEqual(issued);
    expect(readFileSync(join(dir, 'latest'), 'utf8')).toBe(issued.note);
    expect(readFileSync(join(dir, '37.checkpoint'), 'utf8')).toBe(issued.note);
    await checkpointer.stop();
  });

  it('issues one every interval while the log grows, none while it does not', async () => {
    const checkpointer = new Checkpointer(builder, store, signer, { origin: ORIGIN, everyMs: 50 });
    checkpointer.start();
    const last = await appendSome(10);
    await builder.waitFor(last);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const issued = await store.checkpoints(0, 100);
    expect(issued.at(-1)?.treeSize).toBe(10);
    expect(issued.filter((c) => c.treeSize === 10)).toHaveLength(1);
    await checkpointer.stop();
  });

  it('sends every checkpoint to a witness, and one that is down holds nothing up', async () => {
    const received: string[] = [];
    const witness = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => witness.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(witness.address() as { port: number }).port}/`;
    const sent = new Checkpointer(builder, store, signer, {
      origin: ORIGIN,
      everyMs: 60_000,
      witnessUrl: url,
    });
    const issued = await sent.issue({ covering: await appendSome(3) });
    for (let i = 0; i < 50 && received.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([issued.note]);
    await new Promise<void>((resolve) => witness.close(() => resolve()));

    const failures: Error[] = [];
    const down = new Checkpointer(builder, store, signer, {
      origin: ORIGIN,
      everyMs: 60_000,
      witnessUrl: url,
      onWitnessFailure: (error) => failures.push(error),
    });
    const started = Date.now();
    await down.issue({ covering: await appendSome(2) });
    expect(Date.now() - started).toBeLessThan(1000);
    for (let i = 0; i < 200 && failures.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failures).toHaveLength(1);
  });
});
