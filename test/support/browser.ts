import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, Page, chromium } from 'playwright-core';

/** Where the browser suites leave their screenshots (CI keeps the folder as an artifact). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/** Browser suites run where a Chromium is (Debian's package; browser downloads are not reachable), and say why not elsewhere. */
export const describeWithBrowser: (name: string, body: () => void) => void = (name, body) =>
  process.env.LEDGER_TEST_CHROMIUM
    ? describe(name, body)
    : describe.skip(`${name} (${process.env.LEDGER_TEST_CHROMIUM_SKIP})`, body);

/** Headless Chromium as this machine runs it: no sandbox (root), no calls home on a closed network. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.LEDGER_TEST_CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** A page that fails its test on any script error or Content-Security-Policy violation. */
export const watchedPage = async (browser: Browser, width = 1280, language = 'en-GB') => {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: language,
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('Failed to load resource'))
      problems.push(message.text());
    if (message.text().includes('Content Security Policy')) problems.push(message.text());
  });
  return { page, problems };
};

export const signIn = async (page: Page, url: string, key: string): Promise<void> => {
  await page.goto(url);
  await page.getByLabel(/API key|API 金鑰/).fill(key);
  await page.getByRole('button', { name: /Sign in|登入/ }).click();
  await page.getByRole('button', { name: /Sign out|登出/ }).waitFor();
};

/** WCAG 2 A and AA violations axe finds on the page as it stands, by rule and element. */
export const accessibilityViolations = async (page: Page): Promise<string[]> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${violation.help})`),
  );
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};
