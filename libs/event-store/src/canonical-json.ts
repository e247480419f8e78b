/**
 * The canonical JSON of a value (the JSON Canonicalization Scheme, RFC 8785, for the values
 * events hold): object keys sorted by UTF-16 code units, no white space, numbers and strings
 * as ECMAScript serialises them. Equal values always encode to equal text, whatever order a
 * database hands their keys back in, so a recomputed hash matches the stored one.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError('Non-finite numbers have no JSON form.');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
};
