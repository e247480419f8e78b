/**
 * Checkpoints signed as C2SP signed notes with Ed25519: the note format (c2sp.org/signed-note,
 * byte for byte what Go's golang.org/x/mod/sumdb/note signs and opens), verifier keys, the
 * ledger's signing key and its file, and the checkpoint text (c2sp.org/tlog-checkpoint) with
 * the ledger's one extension, the cycle seal.
 */
export { ED25519_SIGNATURE_TYPE, formatKeyId, keyLabel, noteKeyId } from './note-key';
export type { NoteSigner, NoteVerifier } from './note-key';
export { keyNameProblem } from './key-name';
export {
  Ed25519NoteVerifier,
  MalformedVerifierKeyError,
  formatVerifierKey,
  parseVerifierKey,
} from './verifier-key';
export { Ed25519SigningKey, MalformedSigningKeyError } from './signing-key';
export {
  SigningKeyFileError,
  defaultSigningKeyName,
  loadOrCreateSigningKey,
  loadSigningKey,
} from './signing-key-file';
export type { LoadedSigningKey, SigningKeyFileProblem } from './signing-key-file';
export { MAX_NOTE_BYTES, MAX_NOTE_SIGNATURES, openNote, signNote } from './signed-note';
export type { OpenedNote } from './signed-note';
export {
  AmbiguousNoteKeyError,
  InvalidNoteSignatureError,
  InvalidNoteSignerError,
  MalformedNoteError,
  UnverifiedNoteError,
} from './signed-note-errors';
export type { NoteSignature } from './signed-note-errors';
export {
  MalformedCheckpointError,
  ROOT_HASH_BYTES,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint';
export type { Checkpoint, CheckpointFields, OpenedCheckpoint } from './checkpoint';
export { cycleSealExtension, findCycleSeal } from './cycle-seal';
export type { CycleSeal } from './cycle-seal';
export { decodeStrictBase64 } from './strict-base64';
