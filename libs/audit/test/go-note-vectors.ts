/**
 * Test vectors of Go's signed-note implementation, copied (values only) from
 * golang.org/x/mod, file sumdb/note/note_test.go (TestNewVerifier, TestNewSigner, TestSign,
 * TestVerifierList, TestOpen; also quoted in the package comment of sumdb/note/note.go).
 */
export const PETER_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
export const PETER_PRIVATE_KEY =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
export const ENOCH_VERIFIER_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

export const PETER_KEY_ID = 0xc74f20a3;
export const ENOCH_KEY_ID = 0xaf0cfe78;

export const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";

export const PETER_SIGNATURE_BASE64 =
  'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
export const ENOCH_SIGNATURE_BASE64 =
  'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=';

export const PETER_SIGNATURE_LINE = `\u2014 PeterNeumann ${PETER_SIGNATURE_BASE64}\n`;
export const ENOCH_SIGNATURE_LINE = `\u2014 EnochRoot ${ENOCH_SIGNATURE_BASE64}\n`;

/** What Go's note.Sign writes for TEXT with PETER_PRIVATE_KEY (TestSign's `want`). */
export const PETER_NOTE = `${TEXT}\n${PETER_SIGNATURE_LINE}`;

/** Verifier keys TestNewVerifier refuses: a 33-byte key with its key id adjusted, and algorithm byte 0x65. */
export const WRONG_LENGTH_VERIFIER_KEY =
  'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==';
export const UNKNOWN_ALGORITHM_VERIFIER_KEY =
  'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
