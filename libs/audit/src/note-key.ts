import { createHash } from 'node:crypto';

/**
 * What signs and what checks a signed note: a key is named by its name and a 32-bit key id
 * (C2SP signed-note, "Signatures"), so keys can rotate under one name.
 */
export interface NoteSigner {
  readonly name: string;
  /** uint32, written big-endian in front of every signature. */
  readonly keyId: number;
  /** The signature of the note text's UTF-8 bytes (the final newline included). */
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** The signature type byte C2SP signed-note assigns to Ed25519 (and Go's sumdb/note's algEd25519). */
export const ED25519_SIGNATURE_TYPE = 0x01;

/**
 * key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian
 * (C2SP signed-note; Go's sumdb/note keyHash hashes the same bytes).
 */
export const noteKeyId = (name: string, signatureTypeAndPublicKey: Uint8Array): number =>
  createHash('sha256')
    .update(name, 'utf8')
    .update('\n')
    .update(signatureTypeAndPublicKey)
    .digest()
    .readUInt32BE(0);

/** The 8 lowercase hex digits of a key id, as verifier keys and error sentences write it. */
export const formatKeyId = (keyId: number): string => keyId.toString(16).padStart(8, '0');

/** `name+c74f20a3`: how Go's sumdb/note names a key in its messages. */
export const keyLabel = (name: string, keyId: number): string => `${name}+${formatKeyId(keyId)}`;
