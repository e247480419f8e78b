import { codePointName, hasLoneSurrogate, indexOfControlCharacter } from './text-rules';

/**
 * Key names as C2SP signed-note and Go's sumdb/note define them: non-empty, valid Unicode,
 * no Unicode space (Go's unicode.IsSpace is the White_Space property) and no '+', which
 * separates the parts of a verifier key. Control characters are refused too: a note may not
 * contain them, so a name holding one could never appear on a signature line.
 */
const SPACE_OR_PLUS = /[\p{White_Space}+]/u;

/** Why `name` cannot be a key name, or null when it can. */
export const keyNameProblem = (name: string): string | null => {
  if (name === '') return 'it is empty';
  if (hasLoneSurrogate(name)) return 'it is not valid Unicode';
  const space = SPACE_OR_PLUS.exec(name);
  if (space) return space[0] === '+' ? "it contains '+'" : `it contains a space (${codePointName(space[0])})`;
  const control = indexOfControlCharacter(name);
  if (control >= 0) return `it contains a control character (${codePointName(name[control] ?? '')})`;
  return null;
};
