/** Object keys repeat from event to event; quoting each once keeps hashing cheap. */
const quotedKeys = new Map<string, string>();
const quoteKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/**
 * The canonical JSON of a value (the JSON Canonicalization Scheme, RFC 8785, for the values
 * events hold): object keys sorted by UTF-16 code units, no white space, numbers and strings
 * as ECMAScript serialises them. Equal values always encode to equal text, whatever order a
 * database hands their keys back in, so a recomputed hash matches the stored one.
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('Non-finite numbers have no JSON form.');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    if (out.length > 1) out += ',';
    out += quoteKey(key) + ':' + canonicalJson(item);
  }
  return out + '}';
};
