import {
  Ed25519SigningKey,
  MalformedSigningKeyError,
  SigningKeyFileError,
  defaultSigningKeyName,
  loadOrCreateSigningKey,
  loadSigningKey,
  openNote,
  parseVerifierKey,
  signNote,
} from '@ledger/audit';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ledger-signing-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNumber = 0;
const newFile = (): string => join(dir, `signing-${++fileNumber}.key`);
const name = 'appraisal-ledger/test-host';

const problemOf = (run: () => unknown): SigningKeyFileError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SigningKeyFileError);
    return error as SigningKeyFileError;
  }
  throw new Error('expected a SigningKeyFileError, none was thrown');
};

describe('the signing key file', () => {
  it('is created on first use with mode 0600, and reloaded with the same key id', () => {
    const file = newFile();
    const first = loadOrCreateSigningKey(file, name);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = loadOrCreateSigningKey(file, name);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(first.key.keyId);
    expect(again.key.verifierKey).toBe(first.key.verifierKey);
    expect(loadSigningKey(file).verifierKey).toBe(first.key.verifierKey);

    // What the first process signed, the reloaded key's published verifier key opens.
    const note = signNote('a checkpoint text\n', first.key);
    expect(openNote(note, [parseVerifierKey(again.key.verifierKey)]).text).toBe('a checkpoint text\n');
  });

  it("holds one line, Go's PRIVATE+KEY+<name>+<key id>+<base64> signer key, and no leftover temporary file", () => {
    const file = newFile();
    const { key } = loadOrCreateSigningKey(file, name);
    const content = readFileSync(file, 'utf8');
    expect(content).toMatch(/^PRIVATE\+KEY\+appraisal-ledger\/test-host\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    expect(content).toContain(`+${key.keyId.toString(16).padStart(8, '0')}+`);
    expect(Ed25519SigningKey.fromPrivateKeyString(content.trimEnd()).verifierKey).toBe(key.verifierKey);
    expect(readdirSync(dir).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });

  it('is created 0600 even under a umask that would leave it open', () => {
    const previous = process.umask(0o000);
    try {
      const file = newFile();
      loadOrCreateSigningKey(file, name);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('is refused when others may read it, with the command that fixes it', () => {
    const file = newFile();
    loadOrCreateSigningKey(file, name);
    chmodSync(file, 0o644);
    const error = problemOf(() => loadOrCreateSigningKey(file, name));
    expect(error.code).toBe('SIGNING_KEY_EXPOSED');
    expect(error.message).toBe(
      `The signing key file ${file} is open to other users (mode 0644), who could sign checkpoints as this ledger; run \`chmod 600 ${file}\` and start again.`,
    );
    chmodSync(file, 0o600);
    expect(loadOrCreateSigningKey(file, name).created).toBe(false);
  });

  it('is refused, never replaced, when it holds no key', () => {
    const file = newFile();
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    const error = problemOf(() => loadOrCreateSigningKey(file, name));
    expect(error.code).toBe('SIGNING_KEY_MALFORMED');
    expect(error.message).toMatch(
      /^The signing key file .* holds no usable key \(it does not start with PRIVATE\+KEY\+\); /,
    );
    expect(readFileSync(file, 'utf8')).toBe('not a key\n');

    writeFileSync(file, '', { mode: 0o600 });
    expect(problemOf(() => loadOrCreateSigningKey(file, name)).code).toBe('SIGNING_KEY_MALFORMED');
  });

  it('is refused when its key id does not match its key (a damaged file)', () => {
    const file = newFile();
    const { key } = loadOrCreateSigningKey(file, name);
    const keyId = key.keyId.toString(16).padStart(8, '0');
    const damagedId = ((key.keyId ^ 1) >>> 0).toString(16).padStart(8, '0');
    writeFileSync(file, readFileSync(file, 'utf8').replace(keyId, damagedId));
    const error = problemOf(() => loadSigningKey(file));
    expect(error.code).toBe('SIGNING_KEY_MALFORMED');
    expect(error.message).toContain('the key is damaged');
  });

  it('is refused when it holds the key of another name', () => {
    const file = newFile();
    loadOrCreateSigningKey(file, 'appraisal-ledger/old-host');
    const error = problemOf(() => loadOrCreateSigningKey(file, name));
    expect(error.code).toBe('SIGNING_KEY_OTHER_NAME');
    expect(error.message).toContain(
      'holds the key of appraisal-ledger/old-host, not of appraisal-ledger/test-host',
    );
  });

  it('is refused when it cannot be made or read', () => {
    const missingDirectory = join(dir, 'no-such-directory', 'signing.key');
    const unwritable = problemOf(() => loadOrCreateSigningKey(missingDirectory, name));
    expect(unwritable.code).toBe('SIGNING_KEY_UNWRITABLE');
    expect(unwritable.message).toBe(
      `Cannot create the signing key file ${missingDirectory} (ENOENT); create its directory, or set LEDGER_SIGNING_KEY_FILE to a file the ledger may write.`,
    );

    const directory = join(dir, 'a-directory');
    mkdirSync(directory);
    expect(problemOf(() => loadOrCreateSigningKey(directory, name)).code).toBe('SIGNING_KEY_UNREADABLE');
    expect(problemOf(() => loadSigningKey(newFile())).code).toBe('SIGNING_KEY_UNREADABLE');
  });

  it('refuses a key name that cannot sign a note before touching the disk', () => {
    const file = newFile();
    expect(() => loadOrCreateSigningKey(file, 'appraisal ledger')).toThrow(MalformedSigningKeyError);
    expect(readdirSync(dir)).not.toContain(file.slice(dir.length + 1));
  });

  it('has the default name appraisal-ledger/<host or configured name>', () => {
    expect(defaultSigningKeyName('ledger-1.example')).toBe('appraisal-ledger/ledger-1.example');
    expect(defaultSigningKeyName()).toMatch(/^appraisal-ledger\/.+/);
  });
});
