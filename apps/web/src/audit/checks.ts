/**
 * What the dashboard checks itself, with the browser's WebCrypto, rather than take the server's
 * word: a signed checkpoint's Ed25519 signature against the published key (C2SP signed-note),
 * and an event's audit path to the signed root (RFC 9162). Plain functions, no DOM: the test
 * suite runs them on a real server's answers with Node's own WebCrypto.
 */

type Bytes = Uint8Array<ArrayBuffer>;

const fromBase64 = (text: string): Bytes => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

const fromHex = (hex: string): Bytes =>
  new Uint8Array((hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16)));

const toHex = (bytes: Uint8Array): string =>
  [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');

const sha256 = async (...parts: Bytes[]): Promise<Bytes> => {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
};

/** Whether a checkpoint note's signature line holds for its text under the log's public key (base64, raw Ed25519). */
export const signatureHolds = async (note: string, publicKeyBase64: string): Promise<boolean> => {
  const [text, line] = note.split(/\n\n(?=— )/);
  if (text === undefined || line === undefined) return false;
  // A signature line is "— <name> <base64 of key hash (4 bytes) and signature>".
  const signature = fromBase64(line.trim().split(' ').pop() ?? '').slice(4);
  const key = await crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, [
    'verify',
  ]);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(`${text}\n`));
};

/** RFC 9162 2.1.3.2: the root an audit path leads to from a leaf, or null when the path cannot be one. */
export const rootFromPath = async (
  leaf: Bytes,
  index: number,
  size: number,
  path: Bytes[],
): Promise<Bytes | null> => {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let root = leaf;
  const node = new Uint8Array([1]);
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      root = await sha256(node, sibling, root);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      root = await sha256(node, root, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? root : null;
};

/** An event's inclusion proof as `GET /api/events/:id/proof` answers it. */
export interface InclusionProof {
  leafHash: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
  checkpoint: { rootHash: string };
}

/** Whether the proof's path leads from the event's leaf to the root its checkpoint signed. */
export const proofHolds = async (proof: InclusionProof): Promise<boolean> => {
  const root = await rootFromPath(
    fromHex(proof.leafHash),
    proof.leafIndex,
    proof.treeSize,
    proof.auditPath.map(fromHex),
  );
  return root !== null && toHex(root) === proof.checkpoint.rootHash;
};
