import type { Locator, Page } from 'playwright-core';
import { accessibilityViolations, describeWithBrowser, screenshot } from '../support/browser';
import { dashboardUnderTest } from '../support/dashboard';

/** The supervisor's whole desk and the administrator's key console, in a real Chromium, keyboard included. */
describeWithBrowser('the supervisor’s desk and the key console in a browser', () => {
  jest.setTimeout(60_000);
  const dashboard = dashboardUnderTest({
    supervisor: ['supervisor', '督查 王主任'],
    admin: ['admin', '管理 周強'],
  });
  const { open, apiAs } = dashboard;

  /** Presses Tab until `target` has the focus, as a keyboard user would reach it. */
  const tabTo = async (page: Page, target: Locator) => {
    for (let presses = 0; presses < 60; presses++) {
      if (
        await target.evaluate(
          (element: { ownerDocument: { activeElement: unknown } }) =>
            element === element.ownerDocument.activeElement,
        )
      )
        return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${target.toString()} cannot be reached with Tab`);
  };
  /** Presses the down arrow on a focused list until `label` is chosen. */
  const arrowTo = async (page: Page, select: Locator, label: string) => {
    for (let presses = 0; presses < 40; presses++) {
      if (
        (await select.evaluate(
          (element: { selectedOptions: ArrayLike<{ text: string }> }) => element.selectedOptions[0]?.text,
        )) === label
      )
        return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`"${label}" cannot be chosen with the arrow keys`);
  };
  const recorded = (page: Page) =>
    page
      .getByRole('status')
      .filter({ hasText: /Recorded at position/ })
      .waitFor();

  it('a supervisor records an award with the keyboard alone', async () => {
    const page = await open('supervisor');
    await page.getByRole('heading', { name: /Record · 2007/ }).waitFor();
    const before = (await apiAs('supervisor', '/cycles/2007/units/shuyuan/score')) as { total: number };
    const field = (label: string) => page.getByLabel(label, { exact: true });
    await tabTo(page, field('Unit'));
    await arrowTo(page, field('Unit'), '書院街街道');
    await tabTo(page, field('Item'));
    await page.keyboard.press('ArrowDown');
    await tabTo(page, field('Points'));
    await page.keyboard.type('5');
    await tabTo(page, field('Reason'));
    await page.keyboard.type('平安社區示範點建成');
    await tabTo(page, page.getByRole('button', { name: 'Record it' }));
    await page.keyboard.press('Enter');
    await recorded(page);
    const after = (await apiAs('supervisor', '/cycles/2007/units/shuyuan/score')) as { total: number };
    expect(after.total).toBe(before.total + 5);
  });

  it('a supervisor convenes a panel, scores a unit and is told why it cannot close yet', async () => {
    const page = await open('supervisor');
    await page.goto(`${dashboard.url()}/#/targets`);
    await page.getByRole('heading', { name: 'Convene a panel' }).waitFor();
    await page.getByLabel('Panel id', { exact: true }).fill('urban-management-h2');
    await page.getByLabel('Item', { exact: true }).selectOption({ label: '城市管理 (X)' });
    await page.getByLabel('Name', { exact: true }).fill('市民代表 林芳');
    await page.getByRole('button', { name: 'Add a member' }).click();
    await page.getByLabel('Name', { exact: true }).nth(1).fill('人大代表 高遠');
    // Two members could never give a unit the three scores it needs before the panel closes: said at the field.
    await page.getByRole('button', { name: 'Record it' }).last().click();
    await page.locator('.field.invalid', { hasText: 'at least 3 members' }).waitFor();
    await page.getByRole('button', { name: 'Add a member' }).click();
    await page.getByLabel('Name', { exact: true }).nth(2).fill('企業代表 彭剛');
    await page.getByRole('button', { name: 'Record it' }).last().click();
    const panel = page.locator('li.card', { hasText: 'urban-management-h2' });
    await panel.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const scoring = panel.getByRole('form', { name: /Submit a score/ });
    await scoring.getByLabel('Panel member', { exact: true }).selectOption({ label: '市民代表 林芳' });
    await scoring.getByLabel('Unit', { exact: true }).selectOption({ label: '三聖街道' });
    await scoring.getByLabel('Score', { exact: true }).fill('88.5');
    await scoring.getByRole('button', { name: 'Record it' }).click();
    await panel.locator('tbody tr', { hasText: '三聖街道' }).getByText('88.5').waitFor();

    // The policy asks three scores of each scored unit before a panel closes: said, and nothing recorded.
    await panel.getByRole('button', { name: 'Close the panel' }).click();
    await panel.getByRole('alert').filter({ hasText: 'PANEL_INCOMPLETE' }).waitFor();
    const stored = (await apiAs('supervisor', '/cycles/2007/panels/urban-management-h2')) as {
      status: string;
    };
    expect(stored.status).toBe('open');
    await screenshot(page, 'supervisor-panels');
  });

  it('a supervisor registers a unit, appoints its leader, opens the next cycle and defines an item with a target', async () => {
    const page = await open('supervisor');
    await page.getByRole('button', { name: 'Units and leaders' }).click();
    await page.getByLabel('Unit id', { exact: true }).fill('tianfu-square');
    await page.getByLabel('Name', { exact: true }).fill('天府廣場街道');
    await page.getByRole('button', { name: 'Record it' }).click();
    await recorded(page);
    await page.getByLabel('Change', { exact: true }).selectOption({ label: 'Appoint a principal leader' });
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '天府廣場街道' });
    await page.getByLabel('Leader id', { exact: true }).fill('tianfu-square-lead');
    await page.getByLabel('Name', { exact: true }).fill('嚴明');
    await page.getByRole('button', { name: 'Record it' }).click();
    await recorded(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await apiAs('supervisor', '/units/tianfu-square')).toMatchObject({
      name: '天府廣場街道',
      leader: { leaderId: 'tianfu-square-lead', name: '嚴明' },
    });

    // A cycle not open yet: the desk offers its opening, then its items.
    await page.getByLabel('Cycle', { exact: true }).fill('2008');
    await page.getByText('Cycle 2008 is not open yet').waitFor();
    await page.getByRole('button', { name: 'Cycle set-up' }).click();
    await page.getByLabel('Cap', { exact: true }).fill('125');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page.getByRole('button', { name: 'Award or deduction' }).waitFor();
    await page.getByRole('button', { name: 'Cycle set-up' }).click();
    await page.getByLabel('Item id', { exact: true }).fill('river-chief');
    await page.getByLabel('Title', { exact: true }).fill('河長制');
    await page.getByLabel('Track', { exact: true }).selectOption('X');
    await page.getByRole('button', { name: 'Add a target' }).click();
    await page.getByLabel('Metric', { exact: true }).fill('water-quality-compliance');
    await page.getByLabel('Threshold', { exact: true }).fill('95');
    await page.getByLabel('Measured in', { exact: true }).fill('%');
    await page.getByRole('button', { name: 'Record it' }).click();
    await recorded(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    const cycle = (await apiAs('supervisor', '/cycles/2008')) as {
      policy: { regularCap: number };
      items: { itemId: string; track: string; targets: { metric: string; threshold: number }[] }[];
    };
    expect(cycle.policy.regularCap).toBe(125);
    expect(cycle.items).toEqual([
      expect.objectContaining({
        itemId: 'river-chief',
        track: 'X',
        targets: [expect.objectContaining({ metric: 'water-quality-compliance', threshold: 95 })],
      }),
    ]);
  });

  it('an administrator issues a unit leader’s key, which signs in to that unit, and revokes it', async () => {
    const admin = await open('admin');
    await admin.getByRole('heading', { name: 'API keys' }).waitFor();
    await admin.getByLabel('Role', { exact: true }).selectOption('unit-leader');
    await admin.getByLabel('Held by (name)', { exact: true }).fill('書院街 何平');
    await admin.getByLabel('Unit', { exact: true }).selectOption({ label: '書院街街道' });
    await admin.getByLabel(/Expires after/).fill('90d');
    await admin.getByRole('button', { name: 'Issue a key' }).click();
    const key = await admin.locator('code.secret').textContent();
    expect(key).toMatch(/\S{20,}/);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-keys');

    const leader = await open(key!);
    await leader.getByRole('heading', { name: '書院街街道' }).waitFor();

    const card = admin.locator('li.card', { hasText: '書院街 何平' });
    await card.getByLabel('Reason', { exact: true }).fill('調任');
    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'All, with revoked and expired' }).click();
    await admin.locator('li.card', { hasText: '書院街 何平' }).getByText('revoked').waitFor();
    await leader
      .getByRole('alert')
      .filter({ hasText: /revoked/ })
      .waitFor({ timeout: 5000 });

    // Rotating shows the successor once, above the list, though the rotated key has left it.
    await admin.getByRole('button', { name: 'In use' }).click();
    await admin
      .locator('li.card', { hasText: '督查 王主任' })
      .getByRole('button', { name: 'Rotate' })
      .click();
    await admin.locator('code.secret', { hasNotText: key! }).waitFor();
    const successor = (await admin.locator('code.secret').textContent())!;
    expect(((await apiAs(successor, '/me')) as { name: string }).name).toBe('督查 王主任');
  });

  it('every page of the administrator fits 360 px and passes axe', async () => {
    const page = await open('admin', 360);
    const pages = ['keys', 'board', 'targets', 'accountability', 'analysis', 'record', 'disputes', 'audit'];
    expect(await dashboard.pageProblems(page, pages)).toEqual([]);
  });
});
