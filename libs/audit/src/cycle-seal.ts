import { MalformedCheckpointError } from './checkpoint';

/**
 * The cycle seal: an optional checkpoint extension line saying that the tree at this size
 * holds the close of an appraisal year, so the signature over it seals that year's record.
 *
 *     appraisal-ledger/seal cycle <year>
 *
 * `<year>` is decimal, 1 to 9999, no leading zeroes; at most one seal per checkpoint. The
 * checkpoint issued when a cycle closes carries it; every other checkpoint has no extension.
 *
 * Why an extension line, which tlog-checkpoint marks NOT RECOMMENDED because log monitors
 * cannot audit it: the seal is a claim of this ledger, not of the tree, and the signature
 * binds it to the tree head it names. Readers that do not know it (Go's note package, other
 * tools) skip it as the opaque line the spec says it is, and the checkpoint stays valid
 * without it. Witness cosignatures (c2sp.org/tlog-cosignature) do not sign extension lines:
 * a witness vouches for the tree, only the ledger's key for the seal.
 */

const SEAL_PREFIX = 'appraisal-ledger/seal ';
const SEAL_LINE = /^appraisal-ledger\/seal cycle ([1-9][0-9]{0,3})$/;

export interface CycleSeal {
  readonly year: number;
}

/** The extension line sealing `year`. */
export const cycleSealExtension = (year: number): string => {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new MalformedCheckpointError(`a cycle seal names a year from 1 to 9999, not ${year}`);
  }
  return `${SEAL_PREFIX}cycle ${year}`;
};

/**
 * The seal among a checkpoint's extension lines, or null when there is none. Lines of other
 * extensions are left alone; a line of ours that is malformed, or a second seal, is refused.
 */
export const findCycleSeal = (extensions: readonly string[]): CycleSeal | null => {
  const seals = extensions.filter((line) => line.startsWith(SEAL_PREFIX));
  if (seals.length > 1) throw new MalformedCheckpointError(`it carries ${seals.length} cycle seals, not one`);
  const [line] = seals;
  if (line === undefined) return null;
  const match = SEAL_LINE.exec(line);
  if (!match?.[1]) {
    throw new MalformedCheckpointError(
      `the seal line ${JSON.stringify(line)} is not "${SEAL_PREFIX}cycle <year>"`,
    );
  }
  return { year: Number(match[1]) };
};
