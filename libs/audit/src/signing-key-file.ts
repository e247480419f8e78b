import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { keyNameProblem } from './key-name';
import { Ed25519SigningKey, MalformedSigningKeyError } from './signing-key';

/**
 * The signing key file: one line, Go's sumdb/note signer key
 * `PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || 32-byte Ed25519 seed)>`, then a newline,
 * mode 0600. Chosen over PKCS#8 PEM because it names the key (the name is part of the key id),
 * its key id catches a damaged seed, and Go's note.NewSigner reads it as it is.
 *
 * Created on first use. An existing file is never replaced, and it is refused, with one
 * sentence saying what to do, when it cannot be read, is not a key, holds a key of another
 * name, or can be read by other users: a key others can read lets them sign checkpoints as the
 * ledger, which is what the signatures exist to rule out, so (as OpenSSH does with private
 * keys) a warning is not enough. The mode check is skipped on Windows, which has no such bits.
 */

export type SigningKeyFileProblem =
  | 'SIGNING_KEY_UNREADABLE'
  | 'SIGNING_KEY_MALFORMED'
  | 'SIGNING_KEY_EXPOSED'
  | 'SIGNING_KEY_OTHER_NAME'
  | 'SIGNING_KEY_UNWRITABLE';

/** The key file cannot be used; its message is the one sentence an operator sees before the process stops. */
export class SigningKeyFileError extends Error {
  override readonly name = 'SigningKeyFileError';

  constructor(
    readonly code: SigningKeyFileProblem,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedSigningKey {
  readonly key: Ed25519SigningKey;
  /** True when this call made the key: its verifier key is new and auditors need it. */
  readonly created: boolean;
}

/** `appraisal-ledger/<host or configured name>`, the key name (and checkpoint origin) docs/audit.md gives. */
export const defaultSigningKeyName = (hostOrConfiguredName: string = hostname()): string =>
  `appraisal-ledger/${hostOrConfiguredName}`;

const KEY_FILE_MODE = 0o600;
/** A key line is about 100 bytes; anything much larger is not a key file. */
const MAX_KEY_FILE_BYTES = 4096;

const errorCode = (error: unknown): string => (error as { code?: string }).code ?? String(error);

/** The key in `file`, or null when there is no such file. */
const readKeyFile = (file: string): Ed25519SigningKey | null => {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new SigningKeyFileError(
      'SIGNING_KEY_UNREADABLE',
      file,
      `The signing key file ${file} cannot be read (${errorCode(error)}); let the ledger's user read it, or set LEDGER_SIGNING_KEY_FILE to another file.`,
    );
  }
  let content: Buffer;
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) {
      throw new SigningKeyFileError(
        'SIGNING_KEY_UNREADABLE',
        file,
        `The signing key file ${file} is not a file; set LEDGER_SIGNING_KEY_FILE to a file, or remove what is there.`,
      );
    }
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new SigningKeyFileError(
        'SIGNING_KEY_EXPOSED',
        file,
        `The signing key file ${file} is open to other users (mode ${mode}), who could sign checkpoints as this ledger; run \`chmod 600 ${file}\` and start again.`,
      );
    }
    if (stat.size > MAX_KEY_FILE_BYTES) throw new MalformedSigningKeyError(`the file has ${stat.size} bytes`);
    content = readFileSync(descriptor);
  } catch (error) {
    throw error instanceof MalformedSigningKeyError ? malformed(file, error) : error;
  } finally {
    closeSync(descriptor);
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) {
      throw new MalformedSigningKeyError('it is not one line ending in a newline');
    }
    return Ed25519SigningKey.fromPrivateKeyString(text.slice(0, -1));
  } catch (error) {
    if (error instanceof MalformedSigningKeyError) throw malformed(file, error);
    if (error instanceof TypeError) {
      throw malformed(file, new MalformedSigningKeyError('it is not UTF-8 text'));
    }
    throw error;
  }
};

const malformed = (file: string, error: MalformedSigningKeyError) =>
  new SigningKeyFileError(
    'SIGNING_KEY_MALFORMED',
    file,
    `The signing key file ${file} holds no usable key (${error.reason}); restore it from a backup, or move it away to make a new key (auditors then need its new verifier key).`,
  );

const unwritable = (file: string, error: unknown) =>
  new SigningKeyFileError(
    'SIGNING_KEY_UNWRITABLE',
    file,
    `Cannot create the signing key file ${file} (${errorCode(error)}); create its directory, or set LEDGER_SIGNING_KEY_FILE to a file the ledger may write.`,
  );

const removeQuietly = (file: string): void => {
  try {
    unlinkSync(file);
  } catch {
    // Only a leftover temporary file; the key file itself is already settled.
  }
};

const writeWhole = (path: string, flags: string, content: string): void => {
  const descriptor = openSync(path, flags, KEY_FILE_MODE);
  try {
    // The umask may have taken bits from the mode asked for; 0600 is what the ledger checks on load.
    fchmodSync(descriptor, KEY_FILE_MODE);
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
};

/** Makes the directory entry durable, where the platform lets a directory be synced. */
const syncDirectory = (directory: string): void => {
  try {
    const descriptor = openSync(directory, 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    // Windows cannot open a directory: the file itself was synced.
  }
};

/**
 * Writes the key to a temporary file, then links it into place: `file` never holds half a key,
 * and linking refuses to replace, so of two processes starting at once one key wins and the
 * other process loads it. Returns false when another process's key was there first.
 */
const createKeyFile = (file: string, key: Ed25519SigningKey): boolean => {
  const content = `${key.toPrivateKeyString()}\n`;
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    writeWhole(temporary, 'wx', content);
  } catch (error) {
    removeQuietly(temporary);
    throw unwritable(file, error);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error))) {
      throw unwritable(file, error);
    }
    // A file system without hard links: create the file exclusively instead.
    try {
      writeWhole(file, 'wx', content);
    } catch (fallbackError) {
      if (errorCode(fallbackError) === 'EEXIST') return false;
      throw unwritable(file, fallbackError);
    }
  } finally {
    removeQuietly(temporary);
  }
  syncDirectory(dirname(file));
  return true;
};

/** The key in an existing key file, whatever its name; throws SigningKeyFileError when unusable. */
export const loadSigningKey = (file: string): Ed25519SigningKey => {
  const key = readKeyFile(file);
  if (key === null) {
    throw new SigningKeyFileError(
      'SIGNING_KEY_UNREADABLE',
      file,
      `There is no signing key file at ${file}; the ledger creates one when it first starts, or set LEDGER_SIGNING_KEY_FILE to yours.`,
    );
  }
  return key;
};

/**
 * The key in `file`, created (mode 0600) under `name` when the file does not exist. An existing
 * key of another name is refused rather than used or replaced: the name is part of the key id
 * and of every checkpoint's origin, so only the operator can say which of the two is right.
 */
export const loadOrCreateSigningKey = (file: string, name: string): LoadedSigningKey => {
  const nameProblem = keyNameProblem(name);
  if (nameProblem !== null) {
    throw new MalformedSigningKeyError(`the key name ${JSON.stringify(name)} is invalid: ${nameProblem}`);
  }
  let key = readKeyFile(file);
  let created = false;
  if (key === null) {
    const fresh = Ed25519SigningKey.generate(name);
    created = createKeyFile(file, fresh);
    key = created ? fresh : loadSigningKey(file);
  }
  if (key.name !== name) {
    throw new SigningKeyFileError(
      'SIGNING_KEY_OTHER_NAME',
      file,
      `The signing key file ${file} holds the key of ${key.name}, not of ${name}; configure the name ${key.name}, or set LEDGER_SIGNING_KEY_FILE to a new file to make a key for ${name}.`,
    );
  }
  return { key, created };
};
