import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, signIn, watchedPage } from './browser';
import { RunningServer, runLedger, startServer } from './ledger-process';

export interface DashboardUnderTest {
  /** The data folder and settings the server runs with, for `ledger` commands beside it. */
  env: Record<string, string>;
  url: () => string;
  /** The key issued to each role named in `keys`, by the name given there. */
  keys: Record<string, string>;
  /** A new browser page signed in under a key, watched for script errors and CSP breaches. */
  open(key: string, width?: number, language?: string): Promise<Page>;
  /** The API under a key, as a script would read it beside the browser. */
  apiAs(key: string, path: string, body?: object): Promise<unknown>;
  /**
   * Opens each page in turn on `page` once its data is in; what does not fit the width (an
   * overflow in pixels) or breaks WCAG 2 A/AA (axe), by page: empty when every page passes.
   */
  pageProblems(
    page: Page,
    pages: string[],
  ): Promise<{ page: string; overflow: number; violations: string[] }[]>;
}

/**
 * `ledger serve` on the 2007 demo and a Chromium, for one browser suite: keys issued from the
 * console as `keys` says (`{ supervisor: ['supervisor', '督查 王主任'] }`), every page closed after
 * each test, which fails if a page threw, logged an error, broke its CSP, or the server died.
 */
export const dashboardUnderTest = (
  keys: Record<string, [role: string, name: string, unit?: string]>,
): DashboardUnderTest => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-browser-'));
  // Checkpoints signed every 0.2 s, so that the audit view has one to check.
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_CHECKPOINT_EVERY: '0.2' };
  let server: RunningServer;
  let browser: Browser;
  const issued: Record<string, string> = {};
  const opened: Awaited<ReturnType<typeof watchedPage>>[] = [];

  beforeAll(async () => {
    expect(runLedger(['demo'], env, 120_000).status).toBe(0);
    for (const [as, [role, name, unit]] of Object.entries(keys)) {
      const created = runLedger(
        ['keys', 'create', '--role', role, '--name', name, ...(unit ? ['--unit', unit] : [])],
        env,
      );
      issued[as] = created.stdout.trim().split('\n').pop()!;
    }
    server = await startServer(env);
    browser = await launchBrowser();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(opened.map((watched) => watched.page.context().close()));
    const problems = opened.splice(0).flatMap((watched) => watched.problems);
    expect(problems).toEqual([]);
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(
        `ledger serve exited (${server.process.exitCode ?? server.process.signalCode}):\n${server.output().slice(-4000)}`,
      );
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    env,
    url: () => server.url,
    keys: issued,
    async open(key, width, language) {
      const watched = await watchedPage(browser, width, language);
      opened.push(watched);
      await signIn(watched.page, server.url, issued[key] ?? key);
      return watched.page;
    },
    async pageProblems(page, pages) {
      const problems = [];
      for (const name of pages) {
        await page.goto(`${server.url}/#/${name}`);
        await page.locator('main section').first().waitFor();
        // The live stream keeps a request open, so "network idle" never comes: wait for the data instead.
        while ((await page.getByText('Loading…').count()) > 0) await page.waitForTimeout(100);
        await page.waitForTimeout(300);
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        const violations = await accessibilityViolations(page);
        if (overflow > 0 || violations.length > 0) problems.push({ page: name, overflow, violations });
      }
      return problems;
    },
    async apiAs(key, path, body) {
      const response = await fetch(`${server.url}/api${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { Authorization: `Bearer ${issued[key] ?? key}`, 'Content-Type': 'application/json' },
        ...(body && { body: JSON.stringify(body) }),
      });
      return response.json();
    },
  };
};
