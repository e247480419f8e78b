/**
 * Standard base64 (RFC 4648 section 4, with padding), decoded strictly. Node's Buffer decoder
 * skips characters it does not know, accepts the URL alphabet and missing padding, so a
 * mangled signature or root hash would decode to other bytes instead of failing; here
 * anything but the one canonical encoding of some bytes is refused.
 */
const CANONICAL_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes `text` encodes, or null when it is not canonical standard base64. */
export const decodeStrictBase64 = (text: string): Buffer | null => {
  if (!CANONICAL_SHAPE.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Unused bits in the last character must be zero, or two texts would mean the same bytes.
  return bytes.toString('base64') === text ? bytes : null;
};

export const encodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
