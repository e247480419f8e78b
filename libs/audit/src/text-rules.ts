/**
 * Character rules a signed note imposes on all of its text (C2SP signed-note, "Format"):
 * valid Unicode (UTF-8 on the wire) and no ASCII control character but the newline.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string holds half of a surrogate pair, which no UTF-8 text can encode. */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** `U+000D`: how a code point is named in error sentences. */
export const codePointName = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The index of the first character below U+0020 other than `allowed`, or -1. */
export const indexOfControlCharacter = (text: string, allowed = ''): number => {
  for (let index = 0; index < text.length; index++) {
    const character = text[index] ?? '';
    if (text.charCodeAt(index) < 0x20 && !allowed.includes(character)) return index;
  }
  return -1;
};

/**
 * Splits at the first `separator`, as Go's note package does with '+' in key strings: the
 * base64 key at the end may hold '+' itself. `after` is null when there is no separator.
 */
export const splitAtFirst = (text: string, separator: string): [before: string, after: string | null] => {
  const at = text.indexOf(separator);
  return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + separator.length)];
};
