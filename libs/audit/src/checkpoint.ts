import { keyNameProblem } from './key-name';
import { type NoteSigner, type NoteVerifier } from './note-key';
import { type NoteSignature } from './signed-note-errors';
import { openNote, signNote } from './signed-note';
import { decodeStrictBase64, encodeBase64 } from './strict-base64';
import { codePointName, hasLoneSurrogate, indexOfControlCharacter } from './text-rules';

/**
 * The checkpoint text (c2sp.org/tlog-checkpoint): the note text of a signed tree head.
 *
 *     <origin>\n              the log's identity; ours is also the signing key's name
 *     <tree size>\n           ASCII decimal, no leading zeroes ("0" for the empty tree)
 *     <base64 root hash>\n    the RFC 6962/9162 root, 32 bytes of SHA-256
 *     [<extension line>\n]... optional, opaque, non-empty (our one use: cycle-seal.ts)
 */

export const ROOT_HASH_BYTES = 32;

export interface Checkpoint {
  readonly origin: string;
  /** Leaves in the tree. A JavaScript number: exact up to 2^53 - 1 events, which no ledger nears. */
  readonly treeSize: number;
  readonly rootHash: Buffer;
  /** Extension lines without their newline, in order; empty when there are none. */
  readonly extensions: readonly string[];
}

export interface CheckpointFields {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

/** A checkpoint text (or the fields for one) that breaks the format; `reason` names the line. */
export class MalformedCheckpointError extends Error {
  override readonly name = 'MalformedCheckpointError';
  readonly code = 'CHECKPOINT_MALFORMED';

  constructor(readonly reason: string) {
    super(`The checkpoint is malformed: ${reason}.`);
  }
}

/** Refuses a line that is empty or could not be one line of a note. */
const checkLine = (line: string, what: string): void => {
  if (line === '') throw new MalformedCheckpointError(`${what} is empty`);
  if (hasLoneSurrogate(line)) throw new MalformedCheckpointError(`${what} is not valid Unicode`);
  const control = indexOfControlCharacter(line);
  if (control >= 0) {
    throw new MalformedCheckpointError(
      `${what} contains the control character ${codePointName(line[control] ?? '')}`,
    );
  }
};

/**
 * The checkpoint text for these fields. Stricter than the spec on the origin, which it only
 * recommends to be free of spaces and '+': ours is also the key name of its signature line.
 */
export const formatCheckpoint = ({
  origin,
  treeSize,
  rootHash,
  extensions = [],
}: CheckpointFields): string => {
  const originProblem = keyNameProblem(origin);
  if (originProblem !== null) {
    throw new MalformedCheckpointError(`the origin ${JSON.stringify(origin)} is invalid: ${originProblem}`);
  }
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw new MalformedCheckpointError(`the tree size ${treeSize} is not a whole number from 0 to 2^53 - 1`);
  }
  if (rootHash.length !== ROOT_HASH_BYTES) {
    throw new MalformedCheckpointError(`the root hash has ${rootHash.length} bytes, not ${ROOT_HASH_BYTES}`);
  }
  extensions.forEach((line, index) => checkLine(line, `extension line ${index + 1}`));
  return [origin, String(treeSize), encodeBase64(rootHash), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
};

/**
 * Reads a checkpoint text, strictly: at least three non-empty lines, each ending in a newline,
 * a canonical decimal size, a 32-byte base64 root. Parse only text `openNote` returned: an
 * unsigned checkpoint proves nothing. `origin`, when given, must be the checkpoint's.
 */
export const parseCheckpoint = (text: string, expected: { origin?: string } = {}): Checkpoint => {
  if (!text.endsWith('\n')) throw new MalformedCheckpointError('its text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new MalformedCheckpointError(
      `it has ${lines.length} lines; origin, tree size and root hash are needed`,
    );
  }
  const [origin = '', size = '', root = '', ...extensions] = lines;
  checkLine(origin, 'the origin line');
  if (expected.origin !== undefined && origin !== expected.origin) {
    throw new MalformedCheckpointError(
      `its origin is ${JSON.stringify(origin)}, not ${JSON.stringify(expected.origin)}: it is another log's`,
    );
  }
  if (!/^(?:0|[1-9][0-9]*)$/.test(size)) {
    throw new MalformedCheckpointError(
      `the tree size line ${JSON.stringify(size)} is not a decimal number without leading zeroes`,
    );
  }
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) {
    throw new MalformedCheckpointError(`the tree size ${size} is beyond 2^53 - 1`);
  }
  const rootHash = decodeStrictBase64(root);
  if (rootHash === null) throw new MalformedCheckpointError('the root hash line is not standard base64');
  if (rootHash.length !== ROOT_HASH_BYTES) {
    throw new MalformedCheckpointError(`the root hash has ${rootHash.length} bytes, not ${ROOT_HASH_BYTES}`);
  }
  extensions.forEach((line, index) => checkLine(line, `extension line ${index + 1}`));
  return { origin, treeSize, rootHash, extensions };
};

/** The checkpoint signed as a note, ready to store, write to a file or send to a witness. */
export const signCheckpoint = (
  fields: CheckpointFields,
  signers: NoteSigner | readonly NoteSigner[],
): string => signNote(formatCheckpoint(fields), signers);

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly verifiedSignatures: readonly NoteSignature[];
  readonly unknownSignatures: readonly NoteSignature[];
}

/** Opens a checkpoint note: its signature first (openNote's errors), then its text. */
export const openCheckpoint = (
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  expected: { origin?: string } = {},
): OpenedCheckpoint => {
  const { text, verifiedSignatures, unknownSignatures } = openNote(note, verifiers);
  return { checkpoint: parseCheckpoint(text, expected), verifiedSignatures, unknownSignatures };
};
