import type { KeyObject } from 'node:crypto';
import { ED25519_PUBLIC_KEY_BYTES, ed25519PublicKeyFromRaw, verifyEd25519 } from './ed25519';
import { keyNameProblem } from './key-name';
import { ED25519_SIGNATURE_TYPE, formatKeyId, noteKeyId, type NoteVerifier } from './note-key';
import { decodeStrictBase64, encodeBase64 } from './strict-base64';
import { splitAtFirst } from './text-rules';

/**
 * The verifier key an auditor is given: `<name>+<8 hex key id>+<base64(0x01 || 32-byte
 * public key)>`, the string Go's note.NewVerifier reads (golang.org/x/mod/sumdb/note).
 */

/** A verifier key string that cannot be used; `reason` says which part is wrong. */
export class MalformedVerifierKeyError extends Error {
  override readonly name = 'MalformedVerifierKeyError';
  readonly code = 'VERIFIER_KEY_MALFORMED';

  constructor(readonly reason: string) {
    super(`The verifier key is not usable: ${reason}.`);
  }
}

/** Checks notes signed by one Ed25519 key. */
export class Ed25519NoteVerifier implements NoteVerifier {
  readonly keyId: number;
  readonly #publicKey: KeyObject;

  constructor(
    readonly name: string,
    /** The 32 raw bytes (RFC 8032 encoding). */
    readonly publicKey: Buffer,
  ) {
    const problem = keyNameProblem(name);
    if (problem !== null) {
      throw new MalformedVerifierKeyError(`the key name ${JSON.stringify(name)} is invalid: ${problem}`);
    }
    if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
      throw new MalformedVerifierKeyError(`an Ed25519 public key has 32 bytes, not ${publicKey.length}`);
    }
    this.keyId = noteKeyId(name, typedPublicKey(publicKey));
    this.#publicKey = ed25519PublicKeyFromRaw(publicKey);
  }

  /** `<name>+<key id>+<base64 key>`, to publish (GET /api/checkpoints/key) and give to auditors. */
  get verifierKey(): string {
    return `${this.name}+${formatKeyId(this.keyId)}+${encodeBase64(typedPublicKey(this.publicKey))}`;
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return verifyEd25519(this.#publicKey, message, signature);
  }
}

const typedPublicKey = (publicKey: Uint8Array): Buffer =>
  Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]);

/** Reads a verifier key string; throws MalformedVerifierKeyError naming what is wrong. */
export const parseVerifierKey = (verifierKey: string): Ed25519NoteVerifier => {
  const [name, afterName] = splitAtFirst(verifierKey, '+');
  const nameProblem = keyNameProblem(name);
  if (nameProblem !== null) throw new MalformedVerifierKeyError(`its name is invalid: ${nameProblem}`);
  if (afterName === null) throw new MalformedVerifierKeyError('it has no key id and key after the name');
  const [keyIdHex, keyBase64] = splitAtFirst(afterName, '+');
  if (!/^[0-9a-fA-F]{8}$/.test(keyIdHex)) {
    throw new MalformedVerifierKeyError(`its key id ${JSON.stringify(keyIdHex)} is not 8 hex digits`);
  }
  if (keyBase64 === null) throw new MalformedVerifierKeyError('it has no key after the key id');
  const key = decodeStrictBase64(keyBase64);
  if (key === null || key.length === 0) throw new MalformedVerifierKeyError('its key is not standard base64');
  if (key[0] !== ED25519_SIGNATURE_TYPE) {
    throw new MalformedVerifierKeyError(
      `its signature type is 0x${(key[0] ?? 0).toString(16).padStart(2, '0')}, not 0x01 (Ed25519)`,
    );
  }
  if (key.length !== 1 + ED25519_PUBLIC_KEY_BYTES) {
    throw new MalformedVerifierKeyError(`its Ed25519 public key has ${key.length - 1} bytes, not 32`);
  }
  const verifier = new Ed25519NoteVerifier(name, key.subarray(1));
  if (verifier.keyId !== Number.parseInt(keyIdHex, 16)) {
    throw new MalformedVerifierKeyError(
      `its key id ${keyIdHex} is not the one of its name and key (${formatKeyId(verifier.keyId)})`,
    );
  }
  return verifier;
};

/** The verifier key string of an Ed25519 public key (32 raw bytes) under `name`. */
export const formatVerifierKey = (name: string, publicKey: Uint8Array): string =>
  new Ed25519NoteVerifier(name, Buffer.from(publicKey)).verifierKey;
