import { keyLabel } from './note-key';

/** A signature line of a note, verified or not: the key's name and id, and the base64 as written. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(4-byte key id || signature), exactly as on the line. */
  readonly base64: string;
}

/** The bytes are not a signed note (C2SP signed-note, "Format"); `reason` says where. */
export class MalformedNoteError extends Error {
  override readonly name = 'MalformedNoteError';
  readonly code = 'NOTE_MALFORMED';

  constructor(readonly reason: string) {
    super(`The note is malformed: ${reason}.`);
  }
}

/** No signature of the note is by a key we were given: its text must not be trusted. */
export class UnverifiedNoteError extends Error {
  override readonly name = 'UnverifiedNoteError';
  readonly code = 'NOTE_UNVERIFIED';

  constructor(readonly unknownSignatures: readonly NoteSignature[]) {
    super(
      `The note has no signature by a known key; it is signed only by ${unknownSignatures
        .map((signature) => keyLabel(signature.name, signature.keyId))
        .join(', ')}.`,
    );
  }
}

/** A signature by a known key does not verify: the text, or the signature, was changed. */
export class InvalidNoteSignatureError extends Error {
  override readonly name = 'InvalidNoteSignatureError';
  readonly code = 'NOTE_SIGNATURE_INVALID';

  constructor(
    readonly keyName: string,
    readonly keyId: number,
  ) {
    super(
      `The signature by ${keyLabel(keyName, keyId)} does not verify: the note's text or its signature was changed.`,
    );
  }
}

/** Two of the verifiers given share a name and key id, so a signature cannot tell which one it needs. */
export class AmbiguousNoteKeyError extends Error {
  override readonly name = 'AmbiguousNoteKeyError';
  readonly code = 'NOTE_KEY_AMBIGUOUS';

  constructor(
    readonly keyName: string,
    readonly keyId: number,
  ) {
    super(`Two verifier keys are named ${keyLabel(keyName, keyId)}; give only one of them.`);
  }
}

/** A signer that cannot sign a note: its name cannot stand on a signature line, or it signs nothing. */
export class InvalidNoteSignerError extends Error {
  override readonly name = 'InvalidNoteSignerError';
  readonly code = 'NOTE_SIGNER_INVALID';

  constructor(readonly reason: string) {
    super(`The note cannot be signed: ${reason}.`);
  }
}
