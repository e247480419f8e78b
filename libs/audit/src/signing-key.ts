import type { KeyObject } from 'node:crypto';
import {
  ED25519_SEED_BYTES,
  ed25519PrivateKeyFromSeed,
  ed25519Seed,
  generateEd25519,
  rawEd25519PublicKey,
  signEd25519,
} from './ed25519';
import { keyNameProblem } from './key-name';
import { ED25519_SIGNATURE_TYPE, formatKeyId, type NoteSigner } from './note-key';
import { decodeStrictBase64, encodeBase64 } from './strict-base64';
import { splitAtFirst } from './text-rules';
import { Ed25519NoteVerifier } from './verifier-key';

/**
 * The ledger's Ed25519 signing key. Its text form is Go's sumdb/note signer key,
 * `PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || 32-byte seed)>`: one line that names
 * the key, carries a key id that catches a damaged seed, and that Go's note.NewSigner reads
 * as it is, so the same key can sign with Go's tools.
 */

const PRIVATE_KEY_PREFIX = 'PRIVATE+KEY+';

/** A signing key string (or file content) that cannot be used; `reason` says why. */
export class MalformedSigningKeyError extends Error {
  override readonly name = 'MalformedSigningKeyError';
  readonly code = 'SIGNING_KEY_MALFORMED';

  constructor(readonly reason: string) {
    super(`The signing key is not usable: ${reason}.`);
  }
}

export class Ed25519SigningKey implements NoteSigner {
  readonly keyId: number;
  /** The 32 raw public key bytes. */
  readonly publicKey: Buffer;
  /** What checks this key's signatures; its `verifierKey` is the string to publish. */
  readonly verifier: Ed25519NoteVerifier;
  // Private (not a readonly property) so that logging or serialising the key never shows it.
  readonly #privateKey: KeyObject;

  private constructor(
    readonly name: string,
    privateKey: KeyObject,
  ) {
    const problem = keyNameProblem(name);
    if (problem !== null) {
      throw new MalformedSigningKeyError(`the key name ${JSON.stringify(name)} is invalid: ${problem}`);
    }
    this.#privateKey = privateKey;
    this.publicKey = rawEd25519PublicKey(privateKey);
    this.verifier = new Ed25519NoteVerifier(name, this.publicKey);
    this.keyId = this.verifier.keyId;
  }

  /** A new random key (node:crypto's generator). */
  static generate(name: string): Ed25519SigningKey {
    return new Ed25519SigningKey(name, generateEd25519().privateKey);
  }

  static fromSeed(name: string, seed: Uint8Array): Ed25519SigningKey {
    if (seed.length !== ED25519_SEED_BYTES) {
      throw new MalformedSigningKeyError(`an Ed25519 seed has 32 bytes, not ${seed.length}`);
    }
    return new Ed25519SigningKey(name, ed25519PrivateKeyFromSeed(seed));
  }

  /** Reads `PRIVATE+KEY+<name>+<key id>+<base64(0x01 || seed)>`; the key id must match the key. */
  static fromPrivateKeyString(text: string): Ed25519SigningKey {
    if (!text.startsWith(PRIVATE_KEY_PREFIX)) {
      throw new MalformedSigningKeyError(`it does not start with ${PRIVATE_KEY_PREFIX}`);
    }
    const [name, afterName] = splitAtFirst(text.slice(PRIVATE_KEY_PREFIX.length), '+');
    const nameProblem = keyNameProblem(name);
    if (nameProblem !== null) throw new MalformedSigningKeyError(`its name is invalid: ${nameProblem}`);
    if (afterName === null) throw new MalformedSigningKeyError('it has no key id and key after the name');
    const [keyIdHex, keyBase64] = splitAtFirst(afterName, '+');
    if (!/^[0-9a-fA-F]{8}$/.test(keyIdHex)) {
      throw new MalformedSigningKeyError('its key id is not 8 hex digits');
    }
    const key = keyBase64 === null ? null : decodeStrictBase64(keyBase64);
    if (key === null) throw new MalformedSigningKeyError('its key is not standard base64');
    if (key[0] !== ED25519_SIGNATURE_TYPE) {
      throw new MalformedSigningKeyError('its signature type is not 0x01 (Ed25519)');
    }
    const signingKey = Ed25519SigningKey.fromSeed(name, key.subarray(1));
    if (signingKey.keyId !== Number.parseInt(keyIdHex, 16)) {
      throw new MalformedSigningKeyError(
        `its key id ${keyIdHex} is not the one of its name and key (${formatKeyId(signingKey.keyId)}): the key is damaged`,
      );
    }
    return signingKey;
  }

  /** The secret text form (see the top of this file); whoever has it can sign as the ledger. */
  toPrivateKeyString(): string {
    const typedSeed = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), ed25519Seed(this.#privateKey)]);
    return `${PRIVATE_KEY_PREFIX}${this.name}+${formatKeyId(this.keyId)}+${encodeBase64(typedSeed)}`;
  }

  get verifierKey(): string {
    return this.verifier.verifierKey;
  }

  sign(message: Uint8Array): Buffer {
    return signEd25519(this.#privateKey, message);
  }
}
