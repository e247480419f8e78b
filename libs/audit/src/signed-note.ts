import { keyNameProblem } from './key-name';
import { type NoteSigner, type NoteVerifier } from './note-key';
import {
  AmbiguousNoteKeyError,
  InvalidNoteSignatureError,
  InvalidNoteSignerError,
  MalformedNoteError,
  type NoteSignature,
  UnverifiedNoteError,
} from './signed-note-errors';
import { decodeStrictBase64, encodeBase64 } from './strict-base64';
import { codePointName, hasLoneSurrogate, indexOfControlCharacter, splitAtFirst } from './text-rules';

/**
 * C2SP signed notes (c2sp.org/signed-note, as Go's golang.org/x/mod/sumdb/note writes and
 * opens them): the text, ending in a newline; a blank line; then one or more lines
 * `— <key name> <base64(4-byte big-endian key id || signature)>`, each ending in a newline.
 * The signature is over the text's UTF-8 bytes, its final newline included.
 */

/** Go's note.Open refuses a note with more than 100 signatures; the spec asks us to take at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
/**
 * The spec allows a size limit instead of (or beside) a signature count. A checkpoint note is a
 * few hundred bytes and a hundred post-quantum signatures (about 5 kB each) fit well below
 * this; it bounds the work a hostile file can ask of a verifier.
 */
export const MAX_NOTE_BYTES = 1024 * 1024;

/** The em dash (U+2014) and space every signature line starts with. */
const SIGNATURE_LINE_PREFIX = '\u2014 ';
const KEY_ID_BYTES = 4;

export interface OpenedNote {
  /** The signed text, its final newline included; to be trusted only because this returned. */
  readonly text: string;
  /** One entry per known key whose signature verified, in order of appearance. */
  readonly verifiedSignatures: readonly NoteSignature[];
  /** Signatures by keys we were not given (a witness, a rotated key): ignored, as the spec says, but reported. */
  readonly unknownSignatures: readonly NoteSignature[];
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Refuses text no note may hold: a lone surrogate (no UTF-8 for it) or a control character but newline. */
const checkNoteCharacters = (text: string, what: string): void => {
  if (hasLoneSurrogate(text)) throw new MalformedNoteError(`${what} is not valid Unicode`);
  const control = indexOfControlCharacter(text, '\n');
  if (control >= 0) {
    const line = text.slice(0, control).split('\n').length;
    throw new MalformedNoteError(
      `${what} contains the control character ${codePointName(text[control] ?? '')} on line ${line}`,
    );
  }
};

/** Signs `text` with each signer, in order; the result is a note Go's note.Open accepts. */
export const signNote = (text: string, signers: NoteSigner | readonly NoteSigner[]): string => {
  const list: readonly NoteSigner[] = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (!text.endsWith('\n')) throw new MalformedNoteError('the text does not end in a newline');
  checkNoteCharacters(text, 'the text');
  const message = utf8(text);
  if (message.length > MAX_NOTE_BYTES) {
    throw new MalformedNoteError(`the text is larger than ${MAX_NOTE_BYTES} bytes`);
  }
  if (list.length === 0) throw new InvalidNoteSignerError('no signer was given');
  const seen = new Set<string>();
  const lines = list.map((signer) => {
    const problem = keyNameProblem(signer.name);
    if (problem !== null) {
      throw new InvalidNoteSignerError(`the key name ${JSON.stringify(signer.name)} is invalid: ${problem}`);
    }
    if (!Number.isInteger(signer.keyId) || signer.keyId < 0 || signer.keyId > 0xffffffff) {
      throw new InvalidNoteSignerError(`the key id of ${signer.name} is not a 32-bit unsigned integer`);
    }
    const identity = `${signer.name}+${signer.keyId}`;
    if (seen.has(identity)) throw new InvalidNoteSignerError(`the key ${signer.name} is given twice`);
    seen.add(identity);
    const signature = signer.sign(message);
    if (signature.length === 0) {
      throw new InvalidNoteSignerError(`the key ${signer.name} returned an empty signature`);
    }
    const keyId = Buffer.alloc(KEY_ID_BYTES);
    keyId.writeUInt32BE(signer.keyId);
    return `${SIGNATURE_LINE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([keyId, signature]))}\n`;
  });
  return `${text}\n${lines.join('')}`;
};

const decodeNote = (note: string | Uint8Array): string => {
  if (typeof note === 'string') {
    if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) {
      throw new MalformedNoteError(`it is larger than ${MAX_NOTE_BYTES} bytes`);
    }
    return note;
  }
  if (note.length > MAX_NOTE_BYTES) throw new MalformedNoteError(`it is larger than ${MAX_NOTE_BYTES} bytes`);
  try {
    // ignoreBOM keeps a leading byte order mark in the text: the signature covers it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw new MalformedNoteError('it is not valid UTF-8');
  }
};

const parseSignatureLine = (
  line: string,
  lineNumber: number,
): { signature: NoteSignature; bytes: Buffer } => {
  const where = `signature line ${lineNumber}`;
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw new MalformedNoteError(`${where} does not start with an em dash (U+2014) and a space`);
  }
  const [name, base64] = splitAtFirst(line.slice(SIGNATURE_LINE_PREFIX.length), ' ');
  const nameProblem = keyNameProblem(name);
  if (nameProblem !== null) {
    throw new MalformedNoteError(`the key name on ${where} is invalid: ${nameProblem}`);
  }
  if (base64 === null || base64 === '') {
    throw new MalformedNoteError(`${where} has no signature after the key name`);
  }
  const decoded = decodeStrictBase64(base64);
  if (decoded === null) throw new MalformedNoteError(`the signature on ${where} is not standard base64`);
  if (decoded.length <= KEY_ID_BYTES) {
    throw new MalformedNoteError(`the signature on ${where} is too short to hold a key id and a signature`);
  }
  return {
    signature: { name, keyId: decoded.readUInt32BE(0), base64 },
    bytes: decoded.subarray(KEY_ID_BYTES),
  };
};

/**
 * Opens a signed note: parses it, checks every signature by a known key, and returns the text.
 * Throws MalformedNoteError (not a note), InvalidNoteSignatureError (a known key's signature
 * fails: the whole note is refused), AmbiguousNoteKeyError, or UnverifiedNoteError (no
 * signature by a known key; it lists the unknown ones).
 */
export const openNote = (note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote => {
  const decoded = decodeNote(note);
  checkNoteCharacters(decoded, 'it');
  // The text ends at the last blank line: the text may hold blank lines, signature lines never do.
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line separates the text from the signatures');
  const text = decoded.slice(0, split + 1);
  const block = decoded.slice(split + 2);
  if (block === '') throw new MalformedNoteError('it has no signature lines after the blank line');
  if (!block.endsWith('\n')) {
    throw new MalformedNoteError('its last signature line does not end in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new MalformedNoteError(
      `it has ${lines.length} signatures, more than the ${MAX_NOTE_SIGNATURES} accepted`,
    );
  }

  const verifiersByKey = new Map<string, NoteVerifier[]>();
  for (const verifier of verifiers) {
    const identity = `${verifier.name}+${verifier.keyId}`;
    verifiersByKey.set(identity, [...(verifiersByKey.get(identity) ?? []), verifier]);
  }

  const message = utf8(text);
  const verified = new Map<string, NoteSignature>();
  const unknown = new Map<string, NoteSignature>();
  lines.forEach((line, index) => {
    const { signature, bytes } = parseSignatureLine(line, index + 1);
    const identity = `${signature.name}+${signature.keyId}`;
    const candidates = verifiersByKey.get(identity) ?? [];
    if (candidates.length === 0) {
      // The spec: ignore signatures by unknown keys, even one sharing a known key's name or id.
      if (!unknown.has(line)) unknown.set(line, signature);
      return;
    }
    if (candidates.length > 1) throw new AmbiguousNoteKeyError(signature.name, signature.keyId);
    // Every signature by a known key is checked, a repeated one too (Go's Open skips repeats).
    if (!candidates[0]?.verify(message, bytes)) {
      throw new InvalidNoteSignatureError(signature.name, signature.keyId);
    }
    if (!verified.has(identity)) verified.set(identity, signature);
  });

  if (verified.size === 0) throw new UnverifiedNoteError([...unknown.values()]);
  return { text, verifiedSignatures: [...verified.values()], unknownSignatures: [...unknown.values()] };
};
