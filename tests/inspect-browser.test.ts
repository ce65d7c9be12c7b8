/**
 * The inspector page in a real browser (Debian's chromium driven by playwright-core): the
 * highlighted state, an event sent from a button, a scenario stepped with the slider, no request
 * leaving 127.0.0.1, and a screenshot (docs/images/inspector.png with UPDATE_SCREENSHOT=1).
 * Without chromium these tests are skipped with a message, except under CI, where that fails.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type InspectorServer } from '../src/inspect/server.ts';
import { renderStatechart } from '../src/inspect/statechart.ts';
import { hasChromium, launchBrowser, MISSING_CHROMIUM, type Browser } from './support/browser.ts';

const SCREENSHOT = fileURLToPath(new URL('../docs/images/inspector.png', import.meta.url));

describe('browser tests can run', () => {
  it('has chromium, or is not running under CI', () => {
    if (!hasChromium) console.warn(MISSING_CHROMIUM);
    const ci = process.env.CI === 'true';
    expect(
      hasChromium || !ci,
      `CI=true but ${MISSING_CHROMIUM}; .ci/run must apt-get install chromium`,
    ).toBe(true);
  });
});

describe.runIf(hasChromium)('the inspector page in chromium', () => {
  let server: InspectorServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    server = await startInspectorServer({ port: 0, statechartSvg: await renderStatechart() });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));
    await page.goto(server.url);
    await page.locator('#statechart svg').waitFor();
    await page.locator('#conn[data-state="open"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const activeStates = (): Promise<string[]> =>
    page.$$eval('#statechart g.node.active > title', (titles) =>
      titles.map((t) => t.textContent ?? ''),
    );

  it('highlights the active state and shows the country panel', async () => {
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);
    await expect(
      page.locator('#statechart g.cluster.active > title').allTextContents(),
    ).resolves.toEqual(['cluster_country.nonMission']);
    await expect(page.locator('#lead').textContent()).resolves.toBe('DPPA');
    await expect(page.locator('#informed').textContent()).resolves.toBe('DPO');
    await expect(page.locator('#team').textContent()).resolves.toBe('africa/example-country');
    await expect.poll(() => page.locator('#invariants li.ok').count()).toBe(9);
  });

  it('shows refused events with their reason, not hidden', async () => {
    const complete = page.locator('#event-list li[data-event="COMPLETE_HANDOVER"]');
    await expect(complete.getAttribute('class')).resolves.toBe('refused');
    await expect(complete.locator('.verdict').textContent()).resolves.toMatch(
      /end of a transition/,
    );
    await expect.poll(() => page.locator('#event-list li').count()).toBe(13);
  });

  it('sends DEPLOY of a pko from its button: the state and the lead change', async () => {
    await page.locator('#f-newName').fill('UNTEST');
    await page.locator('#f-kind').selectOption('pko');
    await page.locator('#f-month').fill('2020-03');
    await page.locator('#event-list button[data-event="DEPLOY"]').click();
    await expect.poll(activeStates).toEqual(['country.peacekeeping.startUp']);
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPO');
    await expect(page.locator('#informed').textContent()).resolves.toBe('DPPA');
    await expect(page.locator('#handovers').textContent()).resolves.toContain('DPPA → DPO');
    await expect(page.locator('#presences tbody').textContent()).resolves.toContain('UNTEST');
    await expect.poll(() => page.locator('#sequence .msg.handover').count()).toBe(1);
    await expect(page.locator('#log tbody tr').first().textContent()).resolves.toContain('DEPLOY');
  });

  it('steps sierra-leone with the slider: the handover DPO → DPPA appears at 2014-04', async () => {
    await page.locator('#scenario-select').selectOption('sierra-leone');
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('1998-07');
    const slider = page.locator('#timeline-slider');
    const offset = (month: string): string => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      return String((y - 1998) * 12 + (m - 7));
    };
    await slider.fill(offset('2014-03'));
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('2014-03');
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPO');
    await expect(page.locator('#handovers').textContent()).resolves.toContain('none yet');
    await expect.poll(() => page.locator('#band .marker.passed').count()).toBe(0);

    await slider.fill(offset('2014-04'));
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPPA');
    await expect(page.locator('#handovers').textContent()).resolves.toContain('2014-04 DPO → DPPA');
    await expect.poll(() => page.locator('#band .marker.passed').count()).toBe(1);
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);

    await page.locator('#tl-back').click();
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('2014-03');
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPO');
    // UNIPSIL's transition planning began with its final mandate (2013-03); the record gives no
    // drawdown month, so the last month is still planning.
    await expect.poll(activeStates).toEqual(['country.transition.planning']);

    await page.locator('#tl-play').click();
    await expect
      .poll(() => page.locator('#month-label').textContent(), { timeout: 5000 })
      .toBe('2014-06');
    await page.locator('#tl-play').click();
    await expect(page.locator('#tl-play').textContent()).resolves.toBe('Play');
  });

  it('sends no request beyond 127.0.0.1', () => {
    const origin = `127.0.0.1:${server.port}`;
    expect(requests.length).toBeGreaterThan(3);
    const foreign = requests.filter(
      (url) =>
        !url.startsWith(`http://${origin}/`) &&
        url !== `ws://${origin}/ws` &&
        !url.startsWith('data:'),
    );
    expect(foreign).toEqual([]);
  });

  it('takes a screenshot of the page', async () => {
    await page.locator('#timeline-slider').fill('189');
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('2014-04');
    await page.setViewportSize({ width: 1440, height: 1280 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(200);
    const path =
      process.env.UPDATE_SCREENSHOT === '1'
        ? SCREENSHOT
        : join(mkdtempSync(join(tmpdir(), 'pillar-inspector-')), 'inspector.png');
    await page.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(20_000);
    console.log(`inspector screenshot: ${path}`);
  });
});
