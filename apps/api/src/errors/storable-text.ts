/**
 * Text every store keeps exactly as sent. PostgreSQL cannot hold U+0000 in text or jsonb, and
 * a lone surrogate is not Unicode (PostgreSQL refuses it; SQLite would store it as mangled
 * UTF-8), so both are refused on every store alike. The other C0 control characters have no
 * place in a reason or a name and would print invisibly in history and exports, so they are
 * refused too; tab, line feed and carriage return are allowed.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const problemOf = (text: string): string | null => {
  const found = UNSTORABLE.exec(text);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  return code >= 0xd800
    ? 'contains a lone surrogate (U+' + code.toString(16).toUpperCase() + '), which is not Unicode text'
    : `contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}; only tab, line feed and carriage return are allowed`;
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
