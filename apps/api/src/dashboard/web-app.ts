import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's root: the nearest folder above this file with a package.json (from src or from dist alike). */
const projectRoot = (): string => {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
};

/** Where `npm run build:web` puts the dashboard (apps/web). */
export const WEB_APP_DIR = join(projectRoot(), 'dist', 'web');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Appraisal Ledger</title></head>
<body><h1>Appraisal Ledger</h1><p>The dashboard is not built here: run <code>npm run build:web</code>
(<code>npm install</code> does it), then reload. The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** The dashboard's page, read once: the built app's index.html, or a page that says how to build it. */
export const webAppPage = (): string => {
  const index = join(WEB_APP_DIR, 'index.html');
  return existsSync(index) ? readFileSync(index, 'utf8') : NOT_BUILT;
};

/**
 * The dashboard's Content-Security-Policy: scripts and stylesheets from this server only, data
 * from its API only, never in a frame; nothing inline (the app sets styles through the DOM, and
 * its charts draw their tooltips on the canvas rather than as markup).
 */
export const WEB_APP_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
