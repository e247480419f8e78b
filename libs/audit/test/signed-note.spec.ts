import {
  AmbiguousNoteKeyError,
  Ed25519SigningKey,
  InvalidNoteSignatureError,
  MalformedNoteError,
  MalformedSigningKeyError,
  MalformedVerifierKeyError,
  MAX_NOTE_BYTES,
  MAX_NOTE_SIGNATURES,
  UnverifiedNoteError,
  keyNameProblem,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
} from '@ledger/audit';
import {
  ENOCH_KEY_ID,
  ENOCH_SIGNATURE_BASE64,
  ENOCH_SIGNATURE_LINE,
  ENOCH_VERIFIER_KEY,
  PETER_KEY_ID,
  PETER_NOTE,
  PETER_PRIVATE_KEY,
  PETER_SIGNATURE_BASE64,
  PETER_SIGNATURE_LINE,
  PETER_VERIFIER_KEY,
  TEXT,
  UNKNOWN_ALGORITHM_VERIFIER_KEY,
  WRONG_LENGTH_VERIFIER_KEY,
} from './go-note-vectors';

// An Ed25519 implementation that shares no code with node:crypto (OpenSSL), to check our bytes against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ed25519 } = require('@noble/curves/ed25519') as {
  ed25519: {
    verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
    sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
    getPublicKey(seed: Uint8Array): Uint8Array;
  };
};

const peter = parseVerifierKey(PETER_VERIFIER_KEY);
const enoch = parseVerifierKey(ENOCH_VERIFIER_KEY);

/** The error `run` throws, to check its class, code and sentence. */
const thrownBy = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
};

/** The signature line of a note, split into what the format says it holds. */
const signatureOf = (note: string): { name: string; keyId: number; signature: Buffer } => {
  const line = note.slice(note.lastIndexOf('\n\n') + 2, -1);
  const [dash, name = '', base64 = ''] = line.split(' ');
  expect(dash).toBe('\u2014');
  const bytes = Buffer.from(base64, 'base64');
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
};

describe("Go's sumdb/note vectors (golang.org/x/mod sumdb/note/note_test.go)", () => {
  it('reads the published verifier key: name, key id and the 32-byte Ed25519 key', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(PETER_KEY_ID);
    expect(peter.publicKey).toHaveLength(32);
    expect(peter.verifierKey).toBe(PETER_VERIFIER_KEY);
    expect(enoch.keyId).toBe(ENOCH_KEY_ID);
  });

  it('opens the signed note with the verifier key and returns its text', () => {
    const opened = openNote(PETER_NOTE, [peter]);
    expect(opened.text).toBe(TEXT);
    expect(opened.verifiedSignatures).toEqual([
      { name: 'PeterNeumann', keyId: PETER_KEY_ID, base64: PETER_SIGNATURE_BASE64 },
    ]);
    expect(opened.unknownSignatures).toEqual([]);
  });

  it('opens the note given as bytes too', () => {
    expect(openNote(Buffer.from(PETER_NOTE, 'utf8'), [peter]).text).toBe(TEXT);
  });

  it('verifies the known signature and reports the unknown one (TestOpen)', () => {
    const note = `${TEXT}\n${PETER_SIGNATURE_LINE}${ENOCH_SIGNATURE_LINE}`;
    const opened = openNote(note, [peter]);
    expect(opened.verifiedSignatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unknownSignatures).toEqual([
      { name: 'EnochRoot', keyId: ENOCH_KEY_ID, base64: ENOCH_SIGNATURE_BASE64 },
    ]);
    expect(openNote(note, [peter, enoch]).verifiedSignatures.map((s) => s.name)).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
  });

  it('refuses the note when no signature is by a known key, naming the keys that signed', () => {
    const error = thrownBy(() => openNote(`${TEXT}\n${PETER_SIGNATURE_LINE}${ENOCH_SIGNATURE_LINE}`, []));
    expect(error).toBeInstanceOf(UnverifiedNoteError);
    expect((error as UnverifiedNoteError).code).toBe('NOTE_UNVERIFIED');
    expect(error.message).toBe(
      'The note has no signature by a known key; it is signed only by PeterNeumann+c74f20a3, EnochRoot+af0cfe78.',
    );
    expect((error as UnverifiedNoteError).unknownSignatures.map((s) => s.keyId)).toEqual([
      PETER_KEY_ID,
      ENOCH_KEY_ID,
    ]);
  });

  it("signs exactly as Go's note.Sign does with the published private key (TestSign)", () => {
    const key = Ed25519SigningKey.fromPrivateKeyString(PETER_PRIVATE_KEY);
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe(PETER_KEY_ID);
    expect(key.verifierKey).toBe(PETER_VERIFIER_KEY);
    expect(key.toPrivateKeyString()).toBe(PETER_PRIVATE_KEY);
    expect(signNote(TEXT, key)).toBe(PETER_NOTE);
  });

  it('refuses a signature changed inside (ABCD inserted, as TestOpen does)', () => {
    const changed = `${TEXT}\n${PETER_SIGNATURE_LINE.slice(0, 60)}ABCD${PETER_SIGNATURE_LINE.slice(60)}`;
    const error = thrownBy(() => openNote(changed, [peter]));
    expect(error).toBeInstanceOf(InvalidNoteSignatureError);
    expect(error.message).toBe(
      "The signature by PeterNeumann+c74f20a3 does not verify: the note's text or its signature was changed.",
    );
  });

  it("refuses Go's malformed messages", () => {
    const malformed = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIGNATURE_LINE.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIGNATURE_LINE}`,
      `${TEXT}\n\u2014 Bad Name ${PETER_SIGNATURE_BASE64}`,
      `${TEXT}\n${PETER_SIGNATURE_LINE}Unexpected line.\n`,
    ];
    for (const note of malformed)
      expect(thrownBy(() => openNote(note, [peter]))).toBeInstanceOf(MalformedNoteError);
    const notUtf8 = Buffer.concat([Buffer.of(0xff), Buffer.from(`${TEXT}\n${PETER_SIGNATURE_LINE}`)]);
    expect(thrownBy(() => openNote(notUtf8, [peter])).message).toBe(
      'The note is malformed: it is not valid UTF-8.',
    );
  });

  it('refuses more than 100 signatures and accepts the 16 the spec requires', () => {
    expect(thrownBy(() => openNote(`${TEXT}\n${PETER_SIGNATURE_LINE.repeat(101)}`, [peter])).message).toBe(
      `The note is malformed: it has 101 signatures, more than the ${MAX_NOTE_SIGNATURES} accepted.`,
    );
    const opened = openNote(`${TEXT}\n${PETER_SIGNATURE_LINE.repeat(16)}`, [peter]);
    expect(opened.verifiedSignatures).toHaveLength(1);
  });

  it('refuses two verifiers of one name and key id when a signature needs them (TestOpen)', () => {
    const error = thrownBy(() => openNote(`${TEXT}\n${ENOCH_SIGNATURE_LINE}`, [enoch, peter, enoch]));
    expect(error).toBeInstanceOf(AmbiguousNoteKeyError);
    expect(openNote(PETER_NOTE, [enoch, peter, enoch]).text).toBe(TEXT);
  });

  it('refuses every shortened or altered verifier key (TestNewVerifier)', () => {
    for (let start = 0; start <= PETER_VERIFIER_KEY.length; start++) {
      for (let end = start + 1; end <= PETER_VERIFIER_KEY.length; end++) {
        if (start === 0 && end === PETER_VERIFIER_KEY.length) continue;
        expect(() => parseVerifierKey(PETER_VERIFIER_KEY.slice(start, end))).toThrow(
          MalformedVerifierKeyError,
        );
      }
    }
    for (let at = 0; at < PETER_VERIFIER_KEY.length; at++) {
      const altered = `${PETER_VERIFIER_KEY.slice(0, at)}${String.fromCharCode(PETER_VERIFIER_KEY.charCodeAt(at) + 1)}${PETER_VERIFIER_KEY.slice(at + 1)}`;
      expect(() => parseVerifierKey(altered)).toThrow(MalformedVerifierKeyError);
    }
  });

  it('says why a verifier key is refused', () => {
    const reasonOf = (verifierKey: string) =>
      (thrownBy(() => parseVerifierKey(verifierKey)) as MalformedVerifierKeyError).reason;
    // Go decodes its non-canonical tail and refuses the length; we refuse the encoding first.
    expect(reasonOf(WRONG_LENGTH_VERIFIER_KEY)).toBe('its key is not standard base64');
    const shortKey = Buffer.concat([Buffer.of(1), peter.publicKey.subarray(1)]);
    const shortKeyId = noteKeyId('PeterNeumann', shortKey).toString(16).padStart(8, '0');
    expect(reasonOf(`PeterNeumann+${shortKeyId}+${shortKey.toString('base64')}`)).toBe(
      'its Ed25519 public key has 31 bytes, not 32',
    );
    expect(reasonOf(UNKNOWN_ALGORITHM_VERIFIER_KEY)).toBe('its signature type is 0x65, not 0x01 (Ed25519)');
    expect(reasonOf(PETER_VERIFIER_KEY.replace('c74f20a3', 'c74f20a4'))).toBe(
      'its key id c74f20a4 is not the one of its name and key (c74f20a3)',
    );
    expect(reasonOf(`Peter+Neumann+c74f20a3+${PETER_VERIFIER_KEY.split('+')[2]}`)).toMatch(
      /key id "Neumann"/,
    );
    expect(reasonOf(PETER_VERIFIER_KEY.replace('PeterNeumann', 'Peter Neumann'))).toBe(
      'its name is invalid: it contains a space (U+0020)',
    );
    expect(reasonOf(PETER_VERIFIER_KEY.replace(/=*$/, '').slice(0, -1))).toBe(
      'its key is not standard base64',
    );
    expect(parseVerifierKey(PETER_VERIFIER_KEY.replace('c74f20a3', 'C74F20A3')).keyId).toBe(PETER_KEY_ID);
    expect((thrownBy(() => parseVerifierKey('x')) as MalformedVerifierKeyError).code).toBe(
      'VERIFIER_KEY_MALFORMED',
    );
  });

  it('refuses every shortened or altered private key (TestNewSigner)', () => {
    for (let start = 0; start <= PETER_PRIVATE_KEY.length; start++) {
      for (let end = start + 1; end <= PETER_PRIVATE_KEY.length; end++) {
        if (start === 0 && end === PETER_PRIVATE_KEY.length) continue;
        expect(() => Ed25519SigningKey.fromPrivateKeyString(PETER_PRIVATE_KEY.slice(start, end))).toThrow(
          MalformedSigningKeyError,
        );
      }
    }
    for (let at = 0; at < PETER_PRIVATE_KEY.length; at++) {
      const altered = `${PETER_PRIVATE_KEY.slice(0, at)}${String.fromCharCode(PETER_PRIVATE_KEY.charCodeAt(at) + 1)}${PETER_PRIVATE_KEY.slice(at + 1)}`;
      expect(() => Ed25519SigningKey.fromPrivateKeyString(altered)).toThrow(MalformedSigningKeyError);
    }
  });
});

describe('notes we sign', () => {
  const key = Ed25519SigningKey.generate('appraisal-ledger/test-host');
  const text = 'appraisal-ledger/test-host\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  const note = signNote(text, key);

  it('have the text, a blank line and one em-dash signature line', () => {
    expect(note.startsWith(`${text}\n\u2014 appraisal-ledger/test-host `)).toBe(true);
    expect(note.endsWith('\n')).toBe(true);
    expect(note.split('\n')).toHaveLength(6);
  });

  it('round-trip through openNote with the published verifier key', () => {
    const opened = openNote(note, [parseVerifierKey(key.verifierKey)]);
    expect(opened.text).toBe(text);
    expect(opened.verifiedSignatures).toEqual([
      { name: key.name, keyId: key.keyId, base64: note.slice(note.lastIndexOf(' ') + 1, -1) },
    ]);
  });

  it('carry the key id of SHA-256(name || 0x0A || 0x01 || public key)[:4]', () => {
    const expected = noteKeyId(key.name, Buffer.concat([Buffer.of(1), key.publicKey]));
    expect(signatureOf(note).keyId).toBe(expected);
    expect(key.keyId).toBe(expected);
    expect(key.verifierKey).toBe(
      `${key.name}+${expected.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(1), key.publicKey]).toString('base64')}`,
    );
  });

  it('verify with an independent Ed25519 implementation (@noble/curves)', () => {
    const { name, signature } = signatureOf(note);
    expect(name).toBe(key.name);
    expect(signature).toHaveLength(64);
    expect(ed25519.verify(signature, Buffer.from(text, 'utf8'), key.publicKey)).toBe(true);
    expect(ed25519.verify(signature, Buffer.from(text.replace('42', '43'), 'utf8'), key.publicKey)).toBe(
      false,
    );
  });

  it('are the very bytes @noble/curves signs with the seed of the key file', () => {
    const seed = Buffer.from(key.toPrivateKeyString().split('+').slice(4).join('+'), 'base64').subarray(1);
    expect(Buffer.from(ed25519.getPublicKey(seed))).toEqual(key.publicKey);
    expect(Buffer.from(ed25519.sign(Buffer.from(text, 'utf8'), seed))).toEqual(signatureOf(note).signature);
  });

  it('can carry several signatures, each verified', () => {
    const second = Ed25519SigningKey.generate('witness.example/w1');
    const both = signNote(text, [key, second]);
    const opened = openNote(both, [key.verifier, second.verifier]);
    expect(opened.verifiedSignatures.map((s) => s.name)).toEqual([key.name, second.name]);
    expect(openNote(both, [second.verifier]).unknownSignatures.map((s) => s.name)).toEqual([key.name]);
  });

  it('keep blank lines of the text: the text ends at the last blank line', () => {
    const poem = 'Ognuno sta solo sul cuor della terra\n\ned è subito sera.\n';
    expect(openNote(signNote(poem, key), [key.verifier]).text).toBe(poem);
  });

  it('keep a leading byte order mark, which the signature covers', () => {
    const withMark = `\uFEFF${text}`;
    expect(openNote(Buffer.from(signNote(withMark, key), 'utf8'), [key.verifier]).text).toBe(withMark);
  });
});

describe('notes that must not open', () => {
  const key = Ed25519SigningKey.generate('appraisal-ledger/test-host');
  const text = 'appraisal-ledger/test-host\n7\nKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=\n';
  const note = signNote(text, key);
  const [, signatureLine = ''] = note.split('\n\n');
  const base64 = signatureLine.slice(signatureLine.lastIndexOf(' ') + 1, -1);

  it('tampered text: the signature does not verify', () => {
    const error = thrownBy(() => openNote(note.replace('\n7\n', '\n8\n'), [key.verifier]));
    expect(error).toBeInstanceOf(InvalidNoteSignatureError);
    expect((error as InvalidNoteSignatureError).code).toBe('NOTE_SIGNATURE_INVALID');
  });

  it('signed by another key of the same name: unknown, so unverified, and named', () => {
    const impostor = Ed25519SigningKey.generate(key.name);
    const error = thrownBy(() => openNote(signNote(text, impostor), [key.verifier]));
    expect(error).toBeInstanceOf(UnverifiedNoteError);
    expect(error.message).toContain(`${key.name}+${impostor.keyId.toString(16).padStart(8, '0')}`);
  });

  it('a signature by another key under our key id: it fails, it is not skipped', () => {
    const impostor = Ed25519SigningKey.generate('someone-else');
    const forged = signNote(text, {
      name: key.name,
      keyId: key.keyId,
      sign: (message) => impostor.sign(message),
    });
    expect(thrownBy(() => openNote(forged, [key.verifier]))).toBeInstanceOf(InvalidNoteSignatureError);
  });

  it('a key id that is not our key: reported as unknown', () => {
    const bytes = Buffer.from(base64, 'base64');
    bytes.writeUInt32BE((key.keyId + 1) >>> 0, 0);
    const error = thrownBy(() => openNote(note.replace(base64, bytes.toString('base64')), [key.verifier]));
    expect(error).toBeInstanceOf(UnverifiedNoteError);
    expect((error as UnverifiedNoteError).unknownSignatures[0]?.keyId).toBe((key.keyId + 1) >>> 0);
  });

  it('a truncated signature line', () => {
    const reasonOf = (broken: string) =>
      (thrownBy(() => openNote(broken, [key.verifier])) as MalformedNoteError).reason;
    expect(reasonOf(note.slice(0, -1))).toBe('its last signature line does not end in a newline');
    expect(reasonOf(note.slice(0, -20) + '\n')).toBe(
      'the signature on signature line 1 is not standard base64',
    );
    expect(reasonOf(`${text}\n\u2014 ${key.name}\n`)).toBe(
      'signature line 1 has no signature after the key name',
    );
    expect(reasonOf(`${text}\n\u2014 ${key.name} AAAA\n`)).toBe(
      'the signature on signature line 1 is too short to hold a key id and a signature',
    );
    // Cut on a base64 boundary the line still decodes: the short signature then fails to verify.
    expect(
      thrownBy(() => openNote(note.replace(base64, base64.slice(0, 40)), [key.verifier])),
    ).toBeInstanceOf(InvalidNoteSignatureError);
  });

  it('a missing blank line', () => {
    expect(
      (thrownBy(() => openNote(`${text}${signatureLine}`, [key.verifier])) as MalformedNoteError).reason,
    ).toBe('no blank line separates the text from the signatures');
  });

  it('bad base64: URL alphabet, missing padding, stray characters, non-canonical bits', () => {
    const variants = [
      // The URL alphabet's two characters, put where the signature (of a fresh key) may have none of + and /.
      `-${base64.slice(1)}`,
      `${base64.slice(0, 5)}_${base64.slice(6)}`,
      base64.replace(/=+$/, ''),
      `${base64.slice(0, 10)}*${base64.slice(11)}`,
      `${base64.slice(0, 10)} ${base64.slice(10)}`,
    ];
    for (const variant of variants) {
      const error = thrownBy(() => openNote(note.replace(base64, variant), [key.verifier]));
      expect(error).toBeInstanceOf(MalformedNoteError);
      expect((error as MalformedNoteError).code).toBe('NOTE_MALFORMED');
    }
    // 68 bytes end in one padding character: the last data character keeps 2 unused bits.
    const lastData = base64.charAt(base64.length - 2);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const withUnusedBit = alphabet.charAt(alphabet.indexOf(lastData) | 1);
    const nonCanonical = `${base64.slice(0, -2)}${withUnusedBit}=`;
    expect(Buffer.from(nonCanonical, 'base64')).toEqual(Buffer.from(base64, 'base64'));
    expect(thrownBy(() => openNote(note.replace(base64, nonCanonical), [key.verifier]))).toBeInstanceOf(
      MalformedNoteError,
    );
  });

  it('a line that is not a signature line after the blank line', () => {
    expect(
      (thrownBy(() => openNote(`${note}-- ${key.name} ${base64}\n`, [key.verifier])) as MalformedNoteError)
        .reason,
    ).toBe('signature line 2 does not start with an em dash (U+2014) and a space');
  });

  it('control characters, lone surrogates, and notes above the size limit', () => {
    expect(
      (thrownBy(() => openNote(note.replace('\n7\n', '\n7\r\n'), [key.verifier])) as MalformedNoteError)
        .reason,
    ).toBe('it contains the control character U+000D on line 2');
    expect(thrownBy(() => openNote(`\uD800${note}`, [key.verifier]))).toBeInstanceOf(MalformedNoteError);
    const huge = `${'x'.repeat(MAX_NOTE_BYTES)}\n\n${signatureLine}`;
    expect((thrownBy(() => openNote(huge, [key.verifier])) as MalformedNoteError).reason).toBe(
      `it is larger than ${MAX_NOTE_BYTES} bytes`,
    );
  });

  it('signing refuses text that is not a note text', () => {
    expect((thrownBy(() => signNote('no newline', key)) as MalformedNoteError).reason).toBe(
      'the text does not end in a newline',
    );
    expect(thrownBy(() => signNote('tab\there\n', key))).toBeInstanceOf(MalformedNoteError);
    expect(thrownBy(() => signNote(text, []))).toHaveProperty('code', 'NOTE_SIGNER_INVALID');
    expect(thrownBy(() => signNote(text, [key, key]))).toHaveProperty('code', 'NOTE_SIGNER_INVALID');
    expect(
      thrownBy(() => signNote(text, { name: 'a b', keyId: 1, sign: () => Buffer.of(1) })),
    ).toHaveProperty('code', 'NOTE_SIGNER_INVALID');
  });
});

describe('key names', () => {
  it('refuse empty names, spaces of any kind, plus and control characters', () => {
    expect(keyNameProblem('appraisal-ledger/host-1')).toBeNull();
    expect(keyNameProblem('')).toBe('it is empty');
    expect(keyNameProblem('a+b')).toBe("it contains '+'");
    expect(keyNameProblem('a b')).toBe('it contains a space (U+0020)');
    expect(keyNameProblem('a\u00a0b')).toBe('it contains a space (U+00A0)');
    expect(keyNameProblem('a\u3000b')).toBe('it contains a space (U+3000)');
    expect(keyNameProblem('a\u0085b')).toBe('it contains a space (U+0085)');
    expect(keyNameProblem('a\u0000b')).toBe('it contains a control character (U+0000)');
    expect(() => Ed25519SigningKey.generate('bad name')).toThrow(MalformedSigningKeyError);
  });
});
