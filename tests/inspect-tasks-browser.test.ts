/**
 * The inspector's Tasks tab in a real browser (Debian's chromium driven by playwright-core, as
 * tests/inspect-browser.test.ts does): a trace with a tasked mission is loaded through the page,
 * ADOPT_PLAN is refused without its WPS element and adopted with it and a receiver picked per task,
 * HAND_OVER_TASK goes out with the task and receiver picked in the event form, the waiting tasks
 * are highlighted after the withdrawal, and the panel follows every step. Nothing leaves 127.0.0.1.
 * Without chromium they do not run: tests/inspect-browser.test.ts says so, and fails under CI.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type InspectorServer } from '../src/inspect/server.ts';
import { renderStatechart } from '../src/inspect/statechart.ts';
import {
  findSeriousAxeViolations,
  hasChromium,
  launchBrowser,
  type Browser,
} from './support/browser.ts';

const TRACE = {
  input: {
    country: 'Testland',
    region: 'africa',
    month: '2020-01',
    presences: [
      {
        name: 'UNTEST',
        kind: 'pko',
        tasks: ['protection-of-civilians', 'rule-of-law', 'human-rights'],
      },
    ],
  },
  events: [{ type: 'BEGIN_TRANSITION', month: '2020-03', presence: 'UNTEST' }],
};

describe.runIf(hasChromium)('the Tasks tab in chromium', () => {
  let server: InspectorServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    server = await startInspectorServer({ port: 0, statechartSvg: await renderStatechart() });
    browser = await launchBrowser({ width: 1440, height: 900 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));
    await page.goto(server.url);
    await page.locator('#statechart svg g.state').first().waitFor();
    await page.locator('#conn[data-state="open"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const text = (selector: string): Promise<string> =>
    page
      .locator(selector)
      .textContent()
      .then((t) => t ?? '');
  const verdict = (type: string): Promise<string> => text(`#event-list li[data-event="${type}"]`);
  const phase = (): Promise<string> => text('#phase');
  const axeViolations = () => findSeriousAxeViolations(page);
  const send = async (type: string): Promise<void> => {
    await page.locator('#tab-events').click();
    await page.locator(`#event-list button[data-event="${type}"]`).click();
  };

  it('loads a tasked mission and lists its tasks with a receiver to pick per task', async () => {
    await page.locator('#load-trace').setInputFiles({
      name: 'tasks-trace.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(TRACE)),
    });
    await expect.poll(phase).toMatch(/transition · planning/);
    await page.locator('#tab-tasks').click();
    await expect.poll(() => page.locator('#tasks-held tr[data-task]').count()).toBe(3);
    await expect.poll(() => text('#tasks-held')).toMatch(/UNTEST \(pko\)outgoing/);
    await expect(text('#tasks-held tr[data-task="rule-of-law"]')).resolves.toMatch(/OROLSI/);
    // no plan yet: a receiver select per task, and the plan list is empty
    await expect(page.locator('#tasks-held select[data-plan-task]').count()).resolves.toBe(3);
    await expect(text('#tasks-plans')).resolves.toBe('none yet');
    await expect(page.locator('#tasks-badge').isHidden()).resolves.toBe(true);
    expect(await axeViolations()).toEqual([]);
  });

  it('refuses ADOPT_PLAN without its WPS element, with the reason, and adopts it with one', async () => {
    await page
      .locator('#tasks-held select[data-plan-task="protection-of-civilians"]')
      .selectOption('government');
    await page.locator('#tab-events').click();
    await page.locator('#f-gender').uncheck();
    await expect.poll(() => verdict('ADOPT_PLAN')).toMatch(/women, peace and security/);
    await expect(
      page.locator('#event-list li[data-event="ADOPT_PLAN"]').getAttribute('class'),
    ).resolves.toBe('refused');
    // a refused event's button is aria-disabled: clicking it says why and sends nothing
    await page.locator('#event-list button[data-event="ADOPT_PLAN"]').dispatchEvent('click');
    await expect.poll(() => text('#toast')).toMatch(/ADOPT_PLAN refused: .*women, peace/);
    expect(server.session.getView().tasks.plans).toEqual([]);

    await page.locator('#f-gender').check();
    await expect.poll(() => verdict('ADOPT_PLAN')).toMatch(/accepted/);
    await expect(verdict('ADOPT_PLAN')).resolves.toMatch(
      /protection-of-civilians → government, rule-of-law → country-team/,
    );
    await send('ADOPT_PLAN');
    await page.locator('#tab-tasks').click();
    await expect.poll(() => text('#tasks-plans')).toMatch(/UNTEST · WPS element: yes/);
    await expect(text('#tasks-plans')).resolves.toMatch(
      /protection-of-civilians → government, rule-of-law → country-team, human-rights → country-team/,
    );
    await expect(text('#tasks-held tr[data-task="protection-of-civilians"]')).resolves.toMatch(
      /→ government/,
    );
    await expect(page.locator('#tasks-held select[data-plan-task]').count()).resolves.toBe(0);
    expect(server.session.getView().tasks.plans[0]?.gender).toBe(true);
  });

  it('hands over the task and to the receiver picked in the event form', async () => {
    await send('DRAWDOWN');
    await expect.poll(phase).toMatch(/drawdown/);
    await page.locator('#f-task').selectOption('rule-of-law');
    await page.locator('#f-to').selectOption('regional-organization');
    await expect
      .poll(() => verdict('HAND_OVER_TASK'))
      .toMatch(/UNTEST · rule-of-law → regional-organization.*accepted/);
    await send('HAND_OVER_TASK');
    await page.locator('#tab-tasks').click();
    await expect
      .poll(() => text('#tasks-handovers li[data-task="rule-of-law"]'))
      .toMatch(/2020-03 UNTEST rule-of-law → regional-organization/);
    await expect(page.locator('#tasks-held tr[data-task]').count()).resolves.toBe(2);
    expect(server.session.getView().tasks.handovers).toEqual([
      { at: '2020-03', presence: 'UNTEST', task: 'rule-of-law', to: 'regional-organization' },
    ]);
  });

  it('highlights the tasks waiting after the withdrawal and clears them as they are received', async () => {
    await send('WITHDRAW');
    await expect.poll(phase).toMatch(/handover/);
    await page.locator('#tab-tasks').click();
    await expect.poll(() => page.locator('#tasks-pending li.pending').count()).toBe(2);
    await expect(text('#tasks-pending li[data-task="protection-of-civilians"]')).resolves.toMatch(
      /waits for its receiver \(plan: government\)/,
    );
    await expect(text('#tasks-badge')).resolves.toBe('2 waiting');
    const colours = await page
      .locator('#tasks-pending li.pending')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colours).not.toBe('rgba(0, 0, 0, 0)');
    await expect(verdict('COMPLETE_HANDOVER')).resolves.toMatch(/tasks still have no receiver/);
    expect(await axeViolations()).toEqual([]);
    // the highlight keeps its contrast in the dark theme too
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations()).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // the form's task select offers the waiting tasks; the receiver follows the plan
    await page.locator('#tab-events').click();
    await expect
      .poll(() => verdict('HAND_OVER_TASK'))
      .toMatch(/protection-of-civilians → government.*accepted/);
    await send('HAND_OVER_TASK');
    await expect.poll(() => verdict('HAND_OVER_TASK')).toMatch(/human-rights → country-team/);
    await send('HAND_OVER_TASK');
    await page.locator('#tab-tasks').click();
    await expect.poll(() => text('#tasks-pending')).toBe('none');
    await expect(page.locator('#tasks-badge').isHidden()).resolves.toBe(true);
    await expect(page.locator('#tasks-handovers li').count()).resolves.toBe(3);
    await send('COMPLETE_HANDOVER');
    await expect.poll(phase).toMatch(/non-mission/);
    await page.locator('#tab-tasks').click();
    await expect(text('#tasks-orphaned')).resolves.toBe('none');
  });

  it('shows orphaned tasks with their cause after a forced exit', async () => {
    await page.locator('#load-trace').setInputFiles({
      name: 'forced-trace.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          input: TRACE.input,
          events: [
            { type: 'FORCED_EXIT', month: '2020-06', cause: 'collapse' },
            { type: 'WITHDRAW', month: '2020-07', presence: 'UNTEST' },
          ],
        }),
      ),
    });
    await page.locator('#tab-tasks').click();
    await expect.poll(() => page.locator('#tasks-orphaned li.orphaned').count()).toBe(3);
    await expect(text('#tasks-orphaned li[data-task="human-rights"]')).resolves.toBe(
      '2020-07 UNTEST human-rights left with no receiver: collapse',
    );
    await expect(text('#tasks-badge')).resolves.toBe('3 orphaned');
  });

  it('sent nothing anywhere but this server', () => {
    const origin = new URL(server.url).host;
    for (const url of requests) expect(new URL(url).host).toBe(origin);
  });
});
