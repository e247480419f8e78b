import { accessibilityViolations, describeWithBrowser, screenshot } from '../support/browser';
import { dashboardUnderTest } from '../support/dashboard';
import { runLedger } from '../support/ledger-process';

/** Each role's main flow in a real Chromium, against `ledger serve` on the demo, with axe on every page. */
describeWithBrowser('the dashboard in a browser', () => {
  // A browser, a server and the API together: slower than a unit test, most of all on a busy machine.
  jest.setTimeout(60_000);
  const dashboard = dashboardUnderTest({
    supervisor: ['supervisor', '督查 王主任'],
    analyst: ['analyst', '分析 陳靜'],
    leader: ['unit-leader', '三聖 朱文飛', 'sansheng'],
    auditor: ['auditor', '審計 李明'],
    departing: ['analyst', '分析 臨時'],
    reviewer: ['reviewer', '覆核 張華'],
  });
  const { env, open, apiAs } = dashboard;

  it('signs in with a key and lands an analyst on the scoreboard, by name, with no accessibility violation', async () => {
    const page = await open('analyst');
    await page.getByRole('heading', { name: /Scoreboard · 2007/ }).waitFor();
    const firstRow = page.locator('tbody tr').first();
    await expect(firstRow.locator('td').nth(1).textContent()).resolves.toBe('春熙路街道');
    // Its move since the end of November: from third to first.
    await firstRow.locator('td').nth(5).getByText('up 2').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'analyst-scoreboard');
  });

  it('a supervisor records an award through the form; the analyst’s open scoreboard changes without a reload', async () => {
    const analyst = await open('analyst');
    const row = analyst.locator('tbody tr', { hasText: '成龍路街道' });
    await row.waitFor();
    const before = Number(await row.locator('td').nth(4).textContent());

    const supervisor = await open('supervisor');
    await supervisor.getByRole('heading', { name: /Record · 2007/ }).waitFor();
    expect(await accessibilityViolations(supervisor)).toEqual([]);
    await supervisor.getByLabel('Unit', { exact: true }).selectOption({ label: '成龍路街道' });
    await supervisor.getByLabel('Item', { exact: true }).selectOption({ index: 1 });
    await supervisor.getByLabel('Points', { exact: true }).fill('7');
    await supervisor.getByLabel('Reason', { exact: true }).fill('重點項目提前竣工');
    // A double click records once: the form sends one Idempotency-Key until it is recorded.
    await supervisor.getByRole('button', { name: 'Record it' }).dblclick();
    await supervisor
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();
    await screenshot(supervisor, 'supervisor-record');

    // The analyst pressed nothing: the page follows the log.
    const totalCell = row.locator('td').nth(4);
    const deadline = Date.now() + 5000;
    while (Number(await totalCell.textContent()) !== before + 7 && Date.now() < deadline) {
      await analyst.waitForTimeout(100);
    }
    expect(Number(await totalCell.textContent())).toBe(before + 7);
    await screenshot(analyst, 'analyst-scoreboard-live');
    const log = (await apiAs('auditor', '/events?after=0&limit=1000')) as {
      type: string;
      data: { reason?: string };
    }[];
    expect(log.filter((event) => event.data.reason === '重點項目提前竣工')).toHaveLength(1);
  });

  it('signs out an open page, saying why, once its key is revoked from the console', async () => {
    const page = await open('departing');
    await page.getByRole('heading', { name: /Scoreboard · 2007/ }).waitFor();
    const listed = JSON.parse(runLedger(['keys', 'list', '--json'], env).stdout) as {
      keyId: string;
      name: string;
    }[];
    const keyId = listed.find((key) => key.name === '分析 臨時')!.keyId;
    expect(runLedger(['keys', 'revoke', keyId, '--reason', 'left the office'], env).status).toBe(0);
    await page
      .getByRole('alert')
      .filter({ hasText: /revoked/ })
      .waitFor({ timeout: 5000 });
    await page.getByLabel(/API key/).waitFor();
  });

  it('shows the API’s field-by-field refusals at the field', async () => {
    const supervisor = await open('supervisor');
    await supervisor.getByLabel('Unit', { exact: true }).selectOption({ label: '三聖街道' });
    await supervisor.getByLabel('Item', { exact: true }).selectOption({ index: 1 });
    await supervisor.getByLabel('Points', { exact: true }).fill('-3');
    await supervisor.getByLabel('Reason', { exact: true }).fill('試一試');
    await supervisor.getByRole('button', { name: 'Record it' }).click();
    await supervisor.locator('.field.invalid').first().waitFor();
    const points = supervisor.getByLabel('Points', { exact: true });
    await expect(points.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(supervisor.locator('.field.invalid label').first().textContent()).resolves.toBe('Points');
    expect(await accessibilityViolations(supervisor)).toEqual([]);
  });

  it('lands a unit leader on its own unit: name, leader, score and entries, in Chinese on a 360 px screen', async () => {
    const page = await open('leader', 360, 'zh-TW');
    await page.getByRole('heading', { name: '三聖街道' }).waitFor();
    await page.getByText('主要負責人').waitFor();
    await page.getByRole('heading', { name: '全年得分走勢' }).waitFor();
    // Why the total: the regular track held at the cap, set by the cycle's opening.
    await page.getByRole('heading', { name: /為何是 150 分/ }).waitFor();
    await page.getByText('按上限 130 計').waitFor();
    // And the entries it is made of, each with what it counts.
    await page.getByText(/構成得分的 \d+ 筆記錄/).click();
    await page.locator('details tbody tr', { hasText: '人居環境整治成效明顯' }).waitFor();
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'unit-leader-360');
  });

  it('an auditor replays a unit’s history to a position and sees the board of that moment', async () => {
    const page = await open('auditor');
    await page.getByRole('heading', { name: 'Unit history' }).waitFor();
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '三聖街道' });
    const row = page.locator('section[aria-labelledby="history-title"] tbody tr').nth(9);
    await row.waitFor();
    const position = (await row.locator('td').first().textContent())!;
    await row.getByRole('button', { name: /Replay to here/ }).click();
    await page.getByText(`Shown as the ledger stood right after position ${position}.`).waitFor();
    const then = (await apiAs('auditor', `/cycles/2007/scoreboard?atPosition=${position}`)) as {
      name: string;
      total: number;
    }[];
    const sansheng = then.find((unit) => unit.name === '三聖街道')!;
    const boardRow = page
      .locator('#board-title')
      .locator('xpath=ancestor::section')
      .locator('tbody tr', { hasText: '三聖街道' });
    const deadline = Date.now() + 5000;
    while (
      Number(await boardRow.locator('td').nth(4).textContent()) !== sansheng.total &&
      Date.now() < deadline
    ) {
      await page.waitForTimeout(100);
    }
    expect(Number(await boardRow.locator('td').nth(4).textContent())).toBe(sansheng.total);
    await expect(row.getAttribute('class')).resolves.toContain('highlight');
    await page.getByText(/Every hash chain holds/).waitFor();
    await page.getByText(/Its signature holds for the published key/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-replay');
    await page.getByRole('button', { name: 'Back to now' }).click();
  });

  it('a unit leader disputes an entry from its row; a reviewer overturns it and the entry is reversed', async () => {
    const leader = await open('leader');
    await leader.getByRole('heading', { name: '三聖街道' }).waitFor();
    const entry = leader.locator('#entries-title ~ div tbody tr').first();
    const reason = (await entry.locator('td').nth(3).textContent())!;
    await entry.getByRole('button', { name: /Dispute/ }).click();
    await leader.getByLabel('Grounds').fill('該項目已於上月計分，重複記錄');
    await leader.getByRole('button', { name: 'File the dispute' }).click();
    await leader.getByText(/Dispute .+ filed\./).waitFor();
    expect(await accessibilityViolations(leader)).toEqual([]);
    await screenshot(leader, 'unit-leader-dispute');

    const reviewer = await open('reviewer');
    await reviewer.getByRole('heading', { name: /Disputes · 2007/ }).waitFor();
    const card = reviewer.locator('li.card.open', { hasText: '該項目已於上月計分' });
    await card.getByText(reason).waitFor();
    expect(await accessibilityViolations(reviewer)).toEqual([]);
    await card.getByLabel('overturned').check();
    await card.getByLabel('Reason', { exact: true }).fill('覆核屬實，撤銷該記分');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await reviewer
      .locator('li.card', { hasText: '該項目已於上月計分' })
      .getByText(/resolved: overturned/)
      .waitFor();
    await screenshot(reviewer, 'reviewer-resolved');
    // The leader's open page follows: the entry is struck through as reversed.
    await leader
      .locator('#entries-title ~ div tbody tr.reversed', { hasText: reason })
      .first()
      .waitFor({ timeout: 5000 });
  });

  it('an analyst asks who moved between June and December, and what the ranking would be with a cap of 120', async () => {
    const page = await open('analyst');
    await page.getByRole('link', { name: 'Analysis' }).click();
    const changed = page.locator('section[aria-labelledby="changed-title"] tbody tr');
    await changed.first().waitFor();
    await changed
      .filter({ hasText: '春熙路街道' })
      .getByText(/116\.5 → 166\.5/)
      .waitFor();
    await page.getByLabel('Cap', { exact: true }).fill('120');
    await page.getByRole('button', { name: 'Recompute' }).click();
    const sansheng = page.locator('section[aria-labelledby="what-if-title"] tbody tr', {
      hasText: '三聖街道',
    });
    await sansheng.waitFor();
    const asked = (await apiAs('analyst', '/cycles/2007/what-if', { policy: { regularCap: 120 } })) as {
      units: { name: string; whatIf: { total: number } }[];
    };
    const expected = asked.units.find((unit) => unit.name === '三聖街道')!.whatIf.total;
    expect(expected).toBeLessThan(150);
    await expect(sansheng.locator('td').nth(2).textContent()).resolves.toBe(String(expected));
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'analyst-analysis');
  });

  it('a supervisor reports a metric and rules on a basic requirement from the same desk', async () => {
    const page = await open('supervisor');
    await page.getByRole('button', { name: 'Metric' }).click();
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '牛市口街道' });
    await page.getByLabel('Target', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Value', { exact: true }).fill('16.5');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ruling' }).click();
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '牛市口街道' });
    await page.getByLabel('Item', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('met', { exact: true }).check();
    await page.getByRole('button', { name: 'Record it' }).click();
    // No basis: the API's refusal is shown at the field.
    await page.locator('.field.invalid label', { hasText: 'Basis' }).waitFor();
    await page.getByLabel('Basis', { exact: true }).fill('現場核查達標');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('a supervisor rules a key item unmet, and imposes a sanction on the case it opened', async () => {
    const page = await open('supervisor');
    await page.getByRole('button', { name: 'Ruling' }).click();
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '合江亭街道' });
    await page.getByLabel('Item', { exact: true }).selectOption({ label: '現代服務業推進 (X)' });
    await page.getByLabel('not met', { exact: true }).check();
    await page.getByLabel('Basis', { exact: true }).fill('社會消費品零售總額增幅未達目標');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();
    await page.getByRole('link', { name: 'Accountability' }).click();
    const card = page.locator('li.card.open', { hasText: '合江亭街道' });
    await card.waitFor({ timeout: 10_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await card.getByLabel('Reason', { exact: true }).fill('未達基本要求，責令書面檢查');
    await card.getByRole('button', { name: 'Record it' }).click();
    await page
      .locator('li.card', { hasText: '合江亭街道' })
      .getByText('sanctioned')
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'supervisor-sanction');
  });

  it('a supervisor raises a target from a day of the year, from the cycle-change form', async () => {
    const page = await open('supervisor');
    await page.getByRole('button', { name: 'Cycle change' }).click();
    await page
      .getByLabel('Target', { exact: true })
      .selectOption({ label: '現代服務業推進: retail-sales-growth >= 15 %' });
    await page.getByLabel('New threshold', { exact: true }).fill('16');
    await page.getByLabel('Reason', { exact: true }).fill('第四季度上調目標');
    await page.getByLabel('Takes effect (optional)').fill('2007-10-01');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const cycle = (await apiAs('supervisor', '/cycles/2007')) as {
      items: { itemId: string; targets: { metric: string; threshold: number }[] }[];
    };
    const services = cycle.items.find((item) => item.itemId === 'modern-services')!;
    expect(services.targets.find((target) => target.metric === 'retail-sales-growth')!.threshold).toBe(16);
  });

  it.each([
    ['supervisor', ['record', 'board', 'targets', 'accountability', 'disputes']],
    ['analyst', ['board', 'targets', 'accountability', 'analysis']],
    ['auditor', ['audit']],
    ['reviewer', ['disputes']],
  ])('every page of the %s fits 360 px and passes axe', async (role, pages) => {
    const page = await open(role as string, 360);
    expect(await dashboard.pageProblems(page, pages as string[])).toEqual([]);
    await screenshot(page, `${role}-360`);
  });
});
