import {
  GENESIS_HASH,
  canonicalJson,
  chainEvents,
  comparePositions,
  hashEvent,
  hashInput,
} from '@ledger/event-store';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('encodes equal values to equal text whatever the key order', () => {
    expect(canonicalJson({ name: '三聖街道', points: 1.5, ok: true, none: null })).toBe(
      canonicalJson({ ok: true, none: null, points: 1.5, name: '三聖街道' }),
    );
  });

  it('sorts integer-like keys as text, as RFC 8785 does', () => {
    expect(canonicalJson({ '10': 'a', '9': 'b', a: 'c' })).toBe('{"10":"a","9":"b","a":"c"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('hash chain', () => {
  const fields = {
    id: 'e1',
    stream: 'scorecard-2007-sansheng',
    revision: 0,
    type: 'PointsAwarded',
    data: { points: 2, reason: '巡查合格' },
    metadata: { actor: { id: 'sup', role: 'supervisor' }, schemaVersion: 1 },
    recordedAt: '2007-07-05T00:00:00.000Z',
    prevHash: GENESIS_HASH,
  };

  it('hashes exactly the canonical JSON of the event fields, without the event’s own links', () => {
    expect(hashInput(fields)).toBe(canonicalJson(fields));
    const stored = { ...fields, metadata: { ...fields.metadata, prevHash: GENESIS_HASH, hash: 'abc' } };
    expect(hashEvent(stored)).toBe(hashEvent(fields));
  });

  it('changes the hash when anything covered changes', () => {
    const base = hashEvent(fields);
    expect(hashEvent({ ...fields, data: { ...fields.data, points: 3 } })).not.toBe(base);
    expect(hashEvent({ ...fields, revision: 1 })).not.toBe(base);
    expect(hashEvent({ ...fields, recordedAt: '2007-07-06T00:00:00.000Z' })).not.toBe(base);
    expect(
      hashEvent({ ...fields, metadata: { ...fields.metadata, actor: { id: 'other', role: 'supervisor' } } }),
    ).not.toBe(base);
    expect(hashEvent({ ...fields, prevHash: 'f'.repeat(64) })).not.toBe(base);
  });

  it('links each event of a batch to the one before it', () => {
    const chained = chainEvents('s', 4, 'a'.repeat(64), fields.recordedAt, [
      { type: 'A', data: {}, metadata: fields.metadata },
      { id: 'mine', type: 'B', data: { x: 1 }, metadata: fields.metadata },
    ]);
    expect(chained.map((e) => e.revision)).toEqual([5, 6]);
    expect(chained[0]!.metadata.prevHash).toBe('a'.repeat(64));
    expect(chained[1]!.metadata.prevHash).toBe(chained[0]!.metadata.hash);
    expect(chained[1]!.id).toBe('mine');
    expect(chained[1]!.dataJson).toBe('{"x":1}');
  });
});

describe('stored metadata text', () => {
  it('parses back to the metadata with its chain links', () => {
    const [event] = chainEvents('s', -1, GENESIS_HASH, '2007-07-05T00:00:00.000Z', [
      { type: 'A', data: { x: 1 }, metadata: { actor: { id: '李', role: 'auditor' }, reason: 'r' } },
    ]);
    expect(JSON.parse(event!.metadataJson)).toEqual(event!.metadata);
    expect(JSON.parse(event!.dataJson)).toEqual({ x: 1 });
  });
});

describe('positions', () => {
  it('order plain numbers by value and commit/prepare pairs part by part', () => {
    expect(comparePositions('9', '10')).toBe(-1);
    expect(comparePositions('10', '10')).toBe(0);
    expect(comparePositions('123', '45')).toBe(1);
    expect(comparePositions('5/7', '5/6')).toBe(1);
    expect(comparePositions('4/9', '5/0')).toBe(-1);
  });
});
