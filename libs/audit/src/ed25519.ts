import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** Ed25519 (RFC 8032) through node:crypto only, with keys as the raw bytes the note formats carry. */

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SEED_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/**
 * Node imports a bare 32-byte seed only inside PKCS#8 (a JWK needs the public half too), and
 * the PKCS#8 wrapping of an Ed25519 seed is this fixed 16-byte header (RFC 8410, section 7).
 */
const PKCS8_ED25519_SEED_HEADER = Buffer.from('302e020100300506032b657004220420', 'hex');

export const generateEd25519 = (): { privateKey: KeyObject; publicKey: KeyObject } =>
  generateKeyPairSync('ed25519');

export const ed25519PrivateKeyFromSeed = (seed: Uint8Array): KeyObject => {
  if (seed.length !== ED25519_SEED_BYTES) {
    throw new RangeError(`An Ed25519 seed has 32 bytes, not ${seed.length}.`);
  }
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_SEED_HEADER, seed]),
    format: 'der',
    type: 'pkcs8',
  });
};

export const ed25519PublicKeyFromRaw = (raw: Uint8Array): KeyObject => {
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new RangeError(`An Ed25519 public key has 32 bytes, not ${raw.length}.`);
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
};

const jwkPart = (key: KeyObject, part: 'x' | 'd'): Buffer => {
  const value = key.export({ format: 'jwk' })[part];
  if (typeof value !== 'string') {
    throw new TypeError(`The key has no JWK "${part}": it is not an Ed25519 key.`);
  }
  return Buffer.from(value, 'base64url');
};

/** The 32 raw bytes of the public key (of a public or a private key object). */
export const rawEd25519PublicKey = (key: KeyObject): Buffer =>
  jwkPart(key.type === 'private' ? createPublicKey(key) : key, 'x');

/** The 32-byte seed a private key is made from: what the key file stores. */
export const ed25519Seed = (privateKey: KeyObject): Buffer => jwkPart(privateKey, 'd');

export const signEd25519 = (privateKey: KeyObject, message: Uint8Array): Buffer =>
  sign(null, message, privateKey);

export const verifyEd25519 = (publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean =>
  signature.length === ED25519_SIGNATURE_BYTES && verify(null, message, publicKey, signature);
