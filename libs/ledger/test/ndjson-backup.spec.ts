import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKUP_FORMAT,
  HEADER_BYTES,
  LedgerCopy,
  LedgerStores,
  loadConfig,
  openNdjsonBackup,
  openStores,
  snapshotOf,
  writeNdjsonBackup,
} from '@ledger/ledger';

const dir = mkdtempSync(join(tmpdir(), 'ledger-ndjson-'));
let stores: LedgerStores;

const meta = { actor: { id: 'sup-1', role: 'supervisor' }, reason: '實地亮分' };

beforeAll(async () => {
  stores = await openStores(loadConfig({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: join(dir, 'data') }));
  for (let i = 0; i < 5; i++) {
    await stores.events.append(
      `scorecard-2007-u${i % 2}`,
      [{ type: 'PointsAwarded', data: { points: i + 0.5 }, metadata: meta }],
      {
        expectedRevision: 'any',
      },
    );
  }
  await stores.keys.insert({
    keyId: 'aaaaaaaaaaaa',
    name: '三聖',
    role: 'analyst',
    unitId: null,
    hash: 'f'.repeat(64),
    createdAt: '2007-01-01T00:00:00.000Z',
  });
});

afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const copyOfStores = () =>
  snapshotOf(stores, {
    name: 'the test ledger',
    store: 'sqlite',
    logName: 'appraisal-ledger/test',
    verifierKey: null,
  });

const readAll = async (copy: LedgerCopy) => {
  const events = [];
  for await (const event of copy.read()) events.push(event);
  return events;
};

describe('the NDJSON backup file', () => {
  it('holds a fixed-length header with the counts, the key hashes, then the events exactly as stored', async () => {
    const file = join(dir, 'whole.ndjson');
    const header = await writeNdjsonBackup(await copyOfStores(), file);
    expect(header).toMatchObject({
      format: BACKUP_FORMAT,
      store: 'sqlite',
      events: 5,
      keys: 1,
      checkpoints: 0,
      headPosition: '5',
    });
    const text = readFileSync(file, 'utf8');
    expect(text.indexOf('\n')).toBe(HEADER_BYTES - 1);
    expect(JSON.parse(text.split('\n')[0]!)).toEqual(header);
    expect(JSON.parse(text.split('\n')[1]!)).toEqual({
      apiKey: expect.objectContaining({ keyId: 'aaaaaaaaaaaa', hash: 'f'.repeat(64) }),
    });

    const opened = await openNdjsonBackup(file);
    expect(opened).toMatchObject({ events: 5, headPosition: '5', logName: 'appraisal-ledger/test' });
    expect(opened.keys).toEqual(await stores.keys.all());
    expect(await readAll(opened)).toEqual(await stores.events.readAll());
    // Read twice (a restore checks, then imports): the same both times.
    expect(await readAll(opened)).toEqual(await readAll(opened));
  });

  it('never writes over a file, and leaves no partial file when it cannot write', async () => {
    const file = join(dir, 'taken.ndjson');
    writeFileSync(file, 'mine');
    await expect(writeNdjsonBackup(await copyOfStores(), file)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('refuses a file cut short, one that runs on, and one that is no backup, saying which', async () => {
    const file = join(dir, 'damaged.ndjson');
    await writeNdjsonBackup(await copyOfStores(), file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const variant = async (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      const copy = await openNdjsonBackup(join(dir, name));
      return readAll(copy);
    };
    await expect(variant('short.ndjson', lines.slice(0, -2).join('\n') + '\n')).rejects.toThrow(
      /ends after 4 of the 5 events its header counts: it is truncated/,
    );
    await expect(variant('long.ndjson', `${lines.join('\n')}${lines[2]}\n`)).rejects.toThrow(
      /has more lines than the 5 events its header counts/,
    );
    await expect(
      variant(
        'cut.ndjson',
        `${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 40)}\n${lines.slice(5).join('\n')}`,
      ),
    ).rejects.toThrow(/Line 5 of .* is not JSON: the backup is damaged/);
    await expect(
      variant('other.ndjson', `${JSON.stringify({ format: 'appraisal-ledger/backup/v9' })}\n`),
    ).rejects.toThrow(/a backup in the format appraisal-ledger\/backup\/v9, which this ledger does not read/);
    await expect(variant('csv.ndjson', 'unit,total\nsansheng,130\n')).rejects.toThrow(
      /is not a ledger backup/,
    );
  });
});
