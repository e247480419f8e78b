/**
 * Text every store keeps exactly as sent. PostgreSQL cannot hold U+0000 in text or jsonb, and
 * a lone surrogate is not Unicode (PostgreSQL refuses it; SQLite would store it as mangled
 * UTF-8), so both are refused on every store alike. The other C0 control characters have no
 * place in a reason or a name and would print invisibly in history and exports, so they are
 * refused too; tab, line feed and carriage return are allowed. So are the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the text
 * around them, so a reason could read on screen, in history and in an audit bundle otherwise
 * than it is stored ("Trojan Source"); the marks that only hint at direction (U+200E, U+200F,
 * U+061C) are kept.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\u202a-\u202e\u2066-\u2069]/;

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

const problemOf = (text: string): string | null => {
  const found = UNSTORABLE.exec(text);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return `contains a lone surrogate (U+${hex(code)}), which is not Unicode text`;
  if (code >= 0x202a)
    return `contains the bidirectional control U+${hex(code)}, which would make the text read otherwise than it is stored`;
  return `contains the control character U+${hex(code)}; only tab, line feed and carriage return are allowed`;
};

/** Every string of a body (at any depth) that no store could keep as sent, by its dotted path. */
export const unstorableFields = (value: unknown, parent = ''): { field: string; problems: string[] }[] => {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? [{ field: parent, problems: [`${parent} ${problem}`] }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    unstorableFields(inner, parent ? `${parent}.${key}` : key),
  );
};
