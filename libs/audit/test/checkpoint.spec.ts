import {
  Ed25519SigningKey,
  InvalidNoteSignatureError,
  MalformedCheckpointError,
  UnverifiedNoteError,
  cycleSealExtension,
  findCycleSeal,
  formatCheckpoint,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  signCheckpoint,
} from '@ledger/audit';
import { createHash } from 'node:crypto';
import { EXAMPLE_CHECKPOINT_NOTE, EXAMPLE_SIGNED_NOTE } from './c2sp-examples';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ed25519 } = require('@noble/curves/ed25519') as {
  ed25519: { verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean };
};

const reasonOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedCheckpointError);
    expect((error as MalformedCheckpointError).code).toBe('CHECKPOINT_MALFORMED');
    return (error as MalformedCheckpointError).reason;
  }
  throw new Error('expected a MalformedCheckpointError, none was thrown');
};

const origin = 'appraisal-ledger/test-host';
const rootHash = createHash('sha256').update('a root').digest();
const body = `${origin}\n1234\n${rootHash.toString('base64')}\n`;

describe('the checkpoint text (c2sp.org/tlog-checkpoint)', () => {
  it('is the origin, the decimal tree size and the base64 root, one per line', () => {
    expect(formatCheckpoint({ origin, treeSize: 1234, rootHash })).toBe(body);
    expect(formatCheckpoint({ origin, treeSize: 0, rootHash })).toBe(
      `${origin}\n0\n${rootHash.toString('base64')}\n`,
    );
  });

  it('round-trips, extension lines included', () => {
    const extensions = [cycleSealExtension(2007), 'other-tool/hint some opaque words'];
    const text = formatCheckpoint({ origin, treeSize: 9_007_199_254_740_991, rootHash, extensions });
    expect(text.endsWith(`\n${extensions.join('\n')}\n`)).toBe(true);
    expect(parseCheckpoint(text)).toEqual({ origin, treeSize: 9_007_199_254_740_991, rootHash, extensions });
  });

  it('reads the C2SP example checkpoint, whose signer is unknown to us', () => {
    let unverified: unknown;
    try {
      openNote(EXAMPLE_CHECKPOINT_NOTE, []);
    } catch (error) {
      unverified = error;
    }
    expect(unverified).toBeInstanceOf(UnverifiedNoteError);
    expect((unverified as UnverifiedNoteError).unknownSignatures).toEqual([
      expect.objectContaining({ name: 'example.com/behind-the-sofa', keyId: 0x033de0ae }),
    ]);
    const text = EXAMPLE_CHECKPOINT_NOTE.slice(0, EXAMPLE_CHECKPOINT_NOTE.lastIndexOf('\n\n') + 1);
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.treeSize).toBe(20852163);
    expect(checkpoint.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
  });

  it('reports the signer of the C2SP example note as unknown', () => {
    expect(() => openNote(EXAMPLE_SIGNED_NOTE, [])).toThrow(
      'The note has no signature by a known key; it is signed only by quasimodo.example/salvatore+367ba04b.',
    );
  });

  it('is read strictly', () => {
    const root = rootHash.toString('base64');
    expect(reasonOf(() => parseCheckpoint(body.slice(0, -1)))).toBe('its text does not end in a newline');
    expect(reasonOf(() => parseCheckpoint(`${origin}\n1234\n`))).toBe(
      'it has 2 lines; origin, tree size and root hash are needed',
    );
    expect(reasonOf(() => parseCheckpoint(`\n1234\n${root}\n`))).toBe('the origin line is empty');
    for (const size of ['01234', '-1', '+5', '1.0', ' 5', '1e3', '0x10', '']) {
      expect(() => parseCheckpoint(`${origin}\n${size}\n${root}\n`)).toThrow(MalformedCheckpointError);
    }
    expect(reasonOf(() => parseCheckpoint(`${origin}\n9007199254740992\n${root}\n`))).toBe(
      'the tree size 9007199254740992 is beyond 2^53 - 1',
    );
    expect(reasonOf(() => parseCheckpoint(`${origin}\n1\n${root.replace('=', '')}\n`))).toBe(
      'the root hash line is not standard base64',
    );
    expect(
      reasonOf(() => parseCheckpoint(`${origin}\n1\n${rootHash.subarray(1).toString('base64')}\n`)),
    ).toBe('the root hash has 31 bytes, not 32');
    expect(reasonOf(() => parseCheckpoint(`${body}\nafter an empty line\n`))).toBe(
      'extension line 1 is empty',
    );
    expect(reasonOf(() => parseCheckpoint(`${body}tab\there\n`))).toBe(
      'extension line 1 contains the control character U+0009',
    );
    expect(reasonOf(() => parseCheckpoint(body, { origin: 'appraisal-ledger/other' }))).toBe(
      'its origin is "appraisal-ledger/test-host", not "appraisal-ledger/other": it is another log\'s',
    );
  });

  it('is written only from valid fields', () => {
    expect(reasonOf(() => formatCheckpoint({ origin: 'a b', treeSize: 1, rootHash }))).toBe(
      'the origin "a b" is invalid: it contains a space (U+0020)',
    );
    expect(reasonOf(() => formatCheckpoint({ origin: 'a+b', treeSize: 1, rootHash }))).toBe(
      'the origin "a+b" is invalid: it contains \'+\'',
    );
    for (const treeSize of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => formatCheckpoint({ origin, treeSize, rootHash })).toThrow(MalformedCheckpointError);
    }
    expect(reasonOf(() => formatCheckpoint({ origin, treeSize: 1, rootHash: rootHash.subarray(2) }))).toBe(
      'the root hash has 30 bytes, not 32',
    );
    expect(reasonOf(() => formatCheckpoint({ origin, treeSize: 1, rootHash, extensions: [''] }))).toBe(
      'extension line 1 is empty',
    );
    expect(() => formatCheckpoint({ origin, treeSize: 1, rootHash, extensions: ['two\nlines'] })).toThrow(
      MalformedCheckpointError,
    );
  });
});

describe('signed checkpoints', () => {
  const key = Ed25519SigningKey.generate(origin);

  it('open with the verifier key and give the checkpoint back', () => {
    const note = signCheckpoint({ origin, treeSize: 1234, rootHash }, key);
    expect(note.startsWith(`${body}\n\u2014 ${origin} `)).toBe(true);
    const opened = openCheckpoint(note, [key.verifier], { origin });
    expect(opened.checkpoint).toEqual({ origin, treeSize: 1234, rootHash, extensions: [] });
    expect(opened.verifiedSignatures.map((s) => s.keyId)).toEqual([key.keyId]);
  });

  it('verify with @noble/curves over the checkpoint text', () => {
    const note = signCheckpoint({ origin, treeSize: 1234, rootHash }, key);
    const signature = Buffer.from(note.slice(note.lastIndexOf(' ') + 1, -1), 'base64').subarray(4);
    expect(ed25519.verify(signature, Buffer.from(body, 'utf8'), key.publicKey)).toBe(true);
  });

  it('are refused when the size or root was changed after signing', () => {
    const note = signCheckpoint({ origin, treeSize: 1234, rootHash }, key);
    expect(() => openCheckpoint(note.replace('\n1234\n', '\n1235\n'), [key.verifier])).toThrow(
      InvalidNoteSignatureError,
    );
  });
});

describe('the cycle seal extension', () => {
  it('names the closed year on one extension line', () => {
    expect(cycleSealExtension(2007)).toBe('appraisal-ledger/seal cycle 2007');
    const note = signCheckpoint(
      { origin, treeSize: 5, rootHash, extensions: [cycleSealExtension(2007)] },
      Ed25519SigningKey.generate(origin),
    );
    expect(note.split('\n')[3]).toBe('appraisal-ledger/seal cycle 2007');
  });

  it('is found among the extension lines, and absent from ordinary checkpoints', () => {
    expect(findCycleSeal(['other-tool/hint x', 'appraisal-ledger/seal cycle 2007'])).toEqual({ year: 2007 });
    expect(findCycleSeal([])).toBeNull();
    expect(findCycleSeal(['other-tool/hint x'])).toBeNull();
  });

  it('is refused when malformed or given twice', () => {
    for (const line of [
      'appraisal-ledger/seal cycle 02007',
      'appraisal-ledger/seal cycle 2007 ',
      'appraisal-ledger/seal year 2007',
      'appraisal-ledger/seal cycle 10000',
    ]) {
      expect(() => findCycleSeal([line])).toThrow(MalformedCheckpointError);
    }
    expect(reasonOf(() => findCycleSeal([cycleSealExtension(2006), cycleSealExtension(2007)]))).toBe(
      'it carries 2 cycle seals, not one',
    );
    for (const year of [0, 10000, 2007.5])
      expect(() => cycleSealExtension(year)).toThrow(MalformedCheckpointError);
  });
});
