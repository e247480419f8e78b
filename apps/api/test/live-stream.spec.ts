import { ApiKeys, CommandMeta, Ledger, memoryStores } from '@ledger/ledger';
import { LiveStream, StreamSink } from '../src/stream/live-stream';

const admin: CommandMeta = {
  actor: { id: 'a1b2c3d4e5f6', role: 'admin', name: 'Zhou Min' },
  correlationId: 'r1',
};
const TIMING = { heartbeatMs: 15_000, coalesceMs: 200, keyRecheckAfterMoveMs: 600 };

/** What a client would read: the stream's text, and whether it ended. */
const client = () => {
  const sink = { text: '', ended: false };
  const out: StreamSink = {
    write: (text) => void (sink.text += text),
    end: () => void (sink.ended = true),
  };
  const events = () =>
    [...sink.text.matchAll(/(?:^|\n\n)(?:event: (\w+)\ndata: (.*)|(: keep-alive))(?=\n\n)/g)].map(
      ([, name, data, comment]) => (comment ? comment : `${name} ${data}`),
    );
  return { sink, out, events };
};

/** Lets the promises of a key check (the stores' reads) settle between fake ticks. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * The stream of one client, with the ledger's own key checks and the read models' listeners,
 * on fake clocks: what arrives when, and that nothing is left behind once it closes.
 */
describe('a live stream', () => {
  let ledger: Ledger;
  let streams: LiveStream[];

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    jest.setSystemTime(Date.parse('2026-11-27T08:00:00Z'));
    ledger = new Ledger(memoryStores());
    streams = [];
  });

  afterEach(async () => {
    for (const stream of streams) stream.close();
    jest.useRealTimers();
    await ledger.stop();
  });

  const open = async (role: 'analyst' | 'unit-leader' = 'analyst', expiresAt: string | null = null) => {
    const { key, principal } = await ledger.keys.create(
      role === 'analyst' ? { role, name: 'Chen', expiresAt } : { role, name: 'Li', unitId: 'x', expiresAt },
      admin,
    );
    const reader = client();
    const stream = new LiveStream(
      reader.out,
      { readModels: ledger.projections, verify: () => ledger.keys.verify(key), expiresAt },
      TIMING,
    );
    streams.push(stream);
    stream.open();
    return { ...reader, stream, key, keyId: principal.keyId };
  };

  it('says where the read models stand, then each move, a burst coalesced into its first and its last', async () => {
    const { events } = await open();
    expect(events()).toEqual(['hello {"position":null}']);
    for (let position = 1; position <= 10; position++) ledger.projections.moved.notify(String(position));
    expect(events()).toEqual(['hello {"position":null}', 'moved {"position":"1"}']);
    jest.advanceTimersByTime(199);
    expect(events()).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(events().slice(2)).toEqual(['moved {"position":"10"}']);
    jest.advanceTimersByTime(1000);
    expect(events()).toHaveLength(3);
    ledger.projections.moved.notify('11');
    expect(events().slice(3)).toEqual(['moved {"position":"11"}']); // the interval was up: at once
  });

  it('keeps the stream open with a comment every 15 s while the key holds', async () => {
    const { events, sink } = await open();
    jest.advanceTimersByTime(14_999);
    expect(events()).toEqual(['hello {"position":null}']);
    jest.advanceTimersByTime(1);
    await settle();
    jest.advanceTimersByTime(15_000);
    await settle();
    expect(events().slice(1)).toEqual([': keep-alive', ': keep-alive']);
    expect(sink.ended).toBe(false);
  });

  it('ends with the refusal at the next heartbeat once the key is revoked', async () => {
    const { sink, events, keyId } = await open();
    await ledger.keys.revoke(keyId, 'left', admin);
    jest.advanceTimersByTime(14_999);
    await settle();
    expect(sink.ended).toBe(false);
    jest.advanceTimersByTime(1);
    await settle();
    expect(sink.ended).toBe(true);
    expect(events().at(-1)).toMatch(
      /^refused \{"statusCode":401,"code":"KEY_REVOKED","message":"That API key was revoked at .*"\}$/,
    );
    expect(ledger.projections.moved.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends soon after the log moved when another process revoked the key this one remembers', async () => {
    const { sink, events, key, keyId } = await open();
    expect((await ledger.keys.verify(key)).ok).toBe(true); // remembered for 500 ms from now
    const elsewhere = new ApiKeys(ledger.stores.keys, ledger.stores.events, ledger.executor);
    await elsewhere.revoke(keyId, 'left', admin);
    ledger.projections.moved.notify('7'); // the revocation's fold
    expect((await ledger.keys.verify(key)).ok).toBe(true);
    jest.advanceTimersByTime(599);
    await settle();
    expect(sink.ended).toBe(false);
    jest.advanceTimersByTime(1);
    await settle();
    expect(sink.ended).toBe(true);
    expect(events().slice(1)).toEqual([
      'moved {"position":"7"}',
      expect.stringMatching(/^refused \{"statusCode":401,"code":"KEY_REVOKED"/),
    ]);
  });

  it('ends at the key’s expiry, not at the next heartbeat', async () => {
    const { sink, events } = await open('analyst', new Date(Date.now() + 3000).toISOString());
    jest.advanceTimersByTime(2999);
    await settle();
    expect(sink.ended).toBe(false);
    jest.advanceTimersByTime(20);
    await settle();
    expect(sink.ended).toBe(true);
    expect(events().at(-1)).toMatch(/^refused \{"statusCode":401,"code":"KEY_EXPIRED"/);
  });

  it('lets go of its listener and every timer when the client leaves, whatever was under way', async () => {
    const clients = await Promise.all([open(), open(), open()]);
    expect(ledger.projections.moved.size).toBe(3);
    ledger.projections.moved.notify('1');
    ledger.projections.moved.notify('2'); // held for the next interval, with a key check to come
    expect(jest.getTimerCount()).toBeGreaterThan(0);
    for (const { stream } of clients) stream.close();
    expect(ledger.projections.moved.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    ledger.projections.moved.notify('3');
    jest.advanceTimersByTime(60_000);
    expect(clients.map(({ events }) => events().at(-1))).toEqual(Array(3).fill('moved {"position":"1"}'));
  });

  it('stays open while the store cannot be read, and asks about the key again later', async () => {
    const { sink, events, key } = await open();
    await ledger.stores.close();
    jest.advanceTimersByTime(15_000);
    await settle();
    expect(sink.ended).toBe(false);
    expect(events().at(-1)).toBe(': keep-alive');
    await expect(ledger.keys.verify(key)).rejects.toThrow(); // what the heartbeat's check met
  });
});
