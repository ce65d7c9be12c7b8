/**
 * The inspector page in a real browser (Debian's chromium driven by playwright-core): the layout
 * on one screen, readable and non-overlapping chart labels, click-to-send on the chart, undo,
 * time travel through a replay, trace export and load, the pillar's actor system, an axe-core
 * accessibility check, and no request leaving 127.0.0.1.
 * Without chromium these tests are skipped with a message, except under CI, where that fails.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type InspectorServer } from '../src/inspect/server.ts';
import { renderStatechart } from '../src/inspect/statechart.ts';
import { pillarFiles } from '../src/inspect/pillar-view.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { replayTrace } from '../src/verify/replay.ts';
import {
  findSeriousAxeViolations,
  hasChromium,
  launchBrowser,
  MISSING_CHROMIUM,
  type Browser,
} from './support/browser.ts';

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

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box, eps = 0.5): boolean =>
  a.x + eps < b.x + b.width &&
  b.x + eps < a.x + a.width &&
  a.y + eps < b.y + b.height &&
  b.y + eps < a.y + a.height;

describe.runIf(hasChromium)('the inspector page in chromium', () => {
  let server: InspectorServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const sent: Record<string, unknown>[] = [];
  const bundled = listBundledScenarios();

  beforeAll(async () => {
    server = await startInspectorServer({
      port: 0,
      statechartSvg: await renderStatechart(),
      extraFiles: await pillarFiles(bundled, 'note-2017'),
    });
    browser = await launchBrowser({ width: 1440, height: 900 });
    page = await browser.context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (ws) => {
      requests.push(ws.url());
      ws.on('framesent', (frame) => {
        try {
          sent.push(JSON.parse(String(frame.payload)) as Record<string, unknown>);
        } catch {
          // not JSON: nothing the page sends
        }
      });
    });
    await page.goto(server.url);
    await page.locator('#statechart svg g.state').first().waitFor();
    await page.locator('#conn[data-state="open"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const activeStates = (): Promise<string[]> =>
    page.$$eval('#statechart g.state.atomic.active', (gs) =>
      gs.map((g) => (g as SVGGElement).dataset.state ?? ''),
    );
  const sends = (): Record<string, unknown>[] =>
    sent.filter((m) => m.type === 'send' || m.type === 'event');

  for (const [width, height] of [
    [1440, 900],
    [1920, 1080],
  ] as const) {
    it(`fits chart, lead band and step list in ${width}x${height} without scrolling`, async () => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(100);
      for (const selector of ['#statechart', '#lead-band', '#step-list', '#lead', '#informed']) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        const b = box as Box;
        expect(b.x, selector).toBeGreaterThanOrEqual(0);
        expect(b.y, selector).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, selector).toBeLessThanOrEqual(width);
        expect(b.y + b.height, selector).toBeLessThanOrEqual(height);
        expect(b.height, selector).toBeGreaterThan(selector === '#statechart' ? 400 : 10);
      }
      const scroll = await page.evaluate(() => ({
        h: document.documentElement.scrollHeight,
        w: document.documentElement.scrollWidth,
      }));
      expect(scroll.h).toBeLessThanOrEqual(height);
      expect(scroll.w).toBeLessThanOrEqual(width);
    });
  }

  it('draws every edge label at 11 px or more at the default zoom', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('#zoom-100').click();
    const sizes = await page.$$eval('#statechart g.edge text.label', (texts) =>
      texts.map((t) => {
        const el = t as SVGTextElement;
        const ctm = el.getScreenCTM();
        const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 0;
        return Number.parseFloat(getComputedStyle(el).fontSize) * scale;
      }),
    );
    expect(sizes.length).toBeGreaterThan(30);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it('lays the chart out with no overlapping state boxes and no overlapping labels', async () => {
    const layout = await page.$$eval('#statechart g.state', (gs) =>
      gs.map((g) => {
        const rect = g.querySelector('rect.box') as SVGRectElement;
        const b = rect.getBBox();
        return {
          id: (g as SVGGElement).dataset.state ?? '',
          box: { x: b.x, y: b.y, width: b.width, height: b.height },
        };
      }),
    );
    const labels = await page.$$eval(
      '#statechart rect.label-box, #statechart g.state > text.name, #statechart g.stay text',
      (els) =>
        els.map((el) => {
          const b = (el as SVGGraphicsElement).getBBox();
          return { what: el.textContent || el.parentElement?.textContent?.trim() || '', box: b };
        }),
    );
    expect(layout.length).toBeGreaterThan(10);
    const nested = (a: string, b: string): boolean =>
      a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
    for (let i = 0; i < layout.length; i++) {
      for (let j = i + 1; j < layout.length; j++) {
        const a = layout[i]!;
        const b = layout[j]!;
        if (nested(a.id, b.id)) continue;
        expect(overlaps(a.box, b.box), `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        expect(overlaps(a.box, b.box), `label "${a.what}" overlaps "${b.what}"`).toBe(false);
      }
    }
    // and no edge label sits on an atomic state's box
    const atomic = layout.filter((s) => !layout.some((o) => o.id.startsWith(`${s.id}.`)));
    const edgeLabels = await page.$$eval('#statechart rect.label-box', (els) =>
      els.map((el) => (el as SVGGraphicsElement).getBBox()),
    );
    for (const l of edgeLabels)
      for (const s of atomic)
        expect(overlaps(l, s.box), `an edge label overlaps ${s.id}`).toBe(false);
  });

  it('highlights the active states and the transitions enabled now', async () => {
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);
    await expect(page.locator('#lead').textContent()).resolves.toBe('DPPA');
    const enabled = await page.$$eval('#statechart g.transition.enabled', (gs) =>
      gs.map((g) => (g as SVGGElement).dataset.event ?? ''),
    );
    expect(enabled).toContain('ENGAGE_PREVENTION');
    expect(enabled).not.toContain('DRAWDOWN');
    expect(enabled).not.toContain('STAND_DOWN');
  });

  it('sends nothing when a disabled transition is clicked, and says why', async () => {
    const before = sends().length;
    await page
      .locator('#statechart g.edge[data-event="STAND_DOWN"]')
      .first()
      .dispatchEvent('click');
    await page.locator('#statechart g.edge[data-event="DRAWDOWN"]').first().dispatchEvent('click');
    await page.waitForTimeout(300);
    expect(sends().length).toBe(before);
    await expect(page.locator('#toast').textContent()).resolves.toMatch(/DRAWDOWN/);
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);
  });

  it('sends exactly the clicked transition event, and the active state changes', async () => {
    const before = sends().length;
    await page
      .locator('#statechart g.edge.enabled[data-event="ENGAGE_PREVENTION"] .edge-label')
      .click();
    await expect.poll(activeStates).toEqual(['country.nonMission.preventiveDiplomacy']);
    const mine = sends().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: 'send', eventType: 'ENGAGE_PREVENTION' });
    await expect
      .poll(() =>
        page.$$eval('#statechart g.transition.taken', (gs) =>
          gs.map((g) => (g as SVGGElement).dataset.transition),
        ),
      )
      .toEqual(['country.nonMission.earlyWarning:ENGAGE_PREVENTION:0']);
  });

  it('undo restores the previous snapshot exactly, and redo takes the step again', async () => {
    const before = structuredClone(server.session.persisted());
    const viewBefore = server.session.getView().context;
    await page.locator('#f-newName').fill('UNTEST');
    await page.locator('#f-kind').selectOption('pko');
    await page.locator('#f-month').fill('2020-03');
    await page.locator('#event-list button[data-event="DEPLOY"]').click();
    await expect.poll(activeStates).toEqual(['country.peacekeeping.startUp']);
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPO');
    const after = structuredClone(server.session.persisted());
    expect(after).not.toEqual(before);

    await page.locator('#undo').click();
    await expect.poll(activeStates).toEqual(['country.nonMission.preventiveDiplomacy']);
    expect(server.session.persisted()).toEqual(before);
    expect(server.session.getView().context).toEqual(viewBefore);
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPPA');

    await page.locator('#redo').click();
    await expect.poll(activeStates).toEqual(['country.peacekeeping.startUp']);
    expect(server.session.persisted()).toEqual(after);
    // the step list selects a step of a free session
    await page.locator('#step-list button[data-step="0"]').click();
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);
    await expect(page.locator('#step-list li.undone').count()).resolves.toBe(2);
    await page.locator('#step-list button[data-step="2"]').click();
    await expect.poll(activeStates).toEqual(['country.peacekeeping.startUp']);
    expect(server.session.persisted()).toEqual(after);
  });

  it("marks the selected step's changes in the context tree and the case file", async () => {
    await page.locator('#tab-context').click();
    const changed = await page.$$eval('#context-tree li.changed', (lis) =>
      lis.map((li) => li.getAttribute('data-path')),
    );
    expect(changed).toContain('lead');
    expect(changed).toContain('presences');
    await page.locator('#tab-case').click();
    await expect(page.locator('#case-file li.new').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#case-file').textContent()).resolves.toContain('UNTEST');
    await page.locator('#tab-events').click();
  });

  it('exports the session as a trace that pillar verify --replay accepts, and loads it again', async () => {
    const download = page.waitForEvent('download');
    await page.locator('#export-trace').click();
    const file = await (await download).path();
    const trace = JSON.parse(readFileSync(file, 'utf8')) as {
      machine: string;
      input: never;
      events: { type: string }[];
      states: unknown[];
    };
    expect(trace.machine).toBe('country');
    expect(trace.events.map((e) => e.type)).toEqual(['ENGAGE_PREVENTION', 'DEPLOY']);
    expect(trace.states).toHaveLength(3);
    const replay = replayTrace({ input: trace.input, events: trace.events as never });
    expect(replay.accepted).toEqual([true, true]);
    expect(replay.violations).toEqual([]);

    await page.locator('#reset').click();
    await expect.poll(activeStates).toEqual(['country.nonMission.earlyWarning']);
    await page.locator('#load-trace').setInputFiles(file);
    await expect.poll(activeStates).toEqual(['country.peacekeeping.startUp']);
    expect(server.session.getView().steps).toBe(2);
  });

  it('selecting a step of a replay shows that month: sierra-leone hands the lead to DPPA at 2014-04', async () => {
    await page.locator('#scenario-select').selectOption('sierra-leone');
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('1998-07');
    await page.locator('#step-list button[data-month="2014-04"]').click();
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('2014-04');
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPPA');
    await expect(
      page.locator('#step-list [aria-current="step"]').getAttribute('data-month'),
    ).resolves.toBe('2014-04');
    // arrow keys step through the months, with the focus on the step list
    await page.locator('#step-list [aria-current="step"]').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('#month-label').textContent()).toBe('2014-03');
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPO');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#lead').textContent()).toBe('DPPA');
    await expect(page.locator('#band .marker.passed').count()).resolves.toBe(1);
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    expect(await findSeriousAxeViolations(page)).toEqual([]);
  });

  it('lists every country actor of the scenario set in the pillar view, each opening its chart', async () => {
    await page.locator('#view-pillar').click();
    await expect.poll(() => page.locator('#actor-tree li.actor').count()).toBe(bundled.length);
    const names = await page.locator('#actor-tree li.actor button').allTextContents();
    for (const { scenario } of bundled) {
      expect(names.some((n) => n.startsWith(scenario.country))).toBe(true);
    }
    await expect(
      page.locator('#pillar-messages li[data-kind="report"]').count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      page.locator('#pillar-messages li[data-kind="copy"]').count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      page.locator('#pillar-messages li[data-kind="decision"]').count(),
    ).resolves.toBeGreaterThan(0);
    expect(await findSeriousAxeViolations(page)).toEqual([]);
    await page.locator('#actor-tree li.actor button[data-actor="country:liberia"]').click();
    await expect.poll(() => page.locator('#country').textContent()).toBe('Liberia');
    await expect(page.locator('#country-view').isVisible()).resolves.toBe(true);
  });

  it('sends no request beyond 127.0.0.1', () => {
    const origin = `127.0.0.1:${server.port}`;
    expect(requests.length).toBeGreaterThan(3);
    const foreign = requests.filter(
      (url) =>
        !url.startsWith(`http://${origin}/`) &&
        !url.startsWith(`ws://${origin}/ws`) &&
        !url.startsWith('data:') &&
        !url.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
  });
});
