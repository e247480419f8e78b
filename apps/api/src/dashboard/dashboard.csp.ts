import { createHash } from 'node:crypto';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The text of each `<tag>` element of the page, as the browser hashes it (without attributes). */
const bodiesOf = (page: string, tag: string): string[] =>
  [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1]!);

/**
 * The dashboard's Content-Security-Policy: its one inline script and one inline stylesheet run
 * because their hashes are named (no 'unsafe-inline', so nothing injected into the page would
 * run); it fetches only from the API it came from, and is never shown in a frame.
 */
export const dashboardPolicy = (page: string): string => {
  const scripts = bodiesOf(page, 'script').map(hashOf);
  const styles = bodiesOf(page, 'style').map(hashOf);
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
};
