/**
 * `npm run screenshots`: takes the inspector screenshots in docs/images/ with Debian's chromium
 * (1440x900, headless, fresh profile) and writes docs/images/inspector-screenshots.json with the
 * hash of what they were taken from (tests/inspector-screenshots.test.ts checks it is current).
 */
import { writeFileSync } from 'node:fs';
import { startInspectorServer } from '../src/inspect/server.ts';
import { renderStatechart } from '../src/inspect/statechart.ts';
import { pillarFiles } from '../src/inspect/pillar-view.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import {
  FREE_EVENTS,
  IMAGES,
  MANIFEST,
  SHOTS,
  screenshotInputsHash,
} from '../tests/support/inspector-screenshots.ts';

async function main(): Promise<void> {
  const server = await startInspectorServer({
    port: 0,
    statechartSvg: await renderStatechart(),
    extraFiles: await pillarFiles(listBundledScenarios(), 'note-2017'),
  });
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.locator('#statechart svg g.state').first().waitFor();
    await page.locator('#conn[data-state="open"]').waitFor();
    const shot = async (file: string): Promise<void> => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${IMAGES}${file}` });
      console.log(`wrote docs/images/${file}`);
    };

    await page.locator('#scenario-select').selectOption('sierra-leone');
    await page.locator('#step-list button[data-month="2014-04"]').click();
    await page.locator('#month-label', { hasText: '2014-04' }).waitFor();
    await page.locator('#zoom-100').click();
    await shot('inspector.png');

    await page.locator('#scenario-select').selectOption('');
    await page.locator('#timeline-empty').waitFor();
    for (const event of FREE_EVENTS) server.session.send(event);
    await page.evaluate(() =>
      document.querySelector<HTMLSelectElement>('#doctrine-select')?.focus(),
    );
    // the server broadcasts views only on page messages: ask for one
    await page.locator('#f-newName').fill('UNTEST');
    await page.locator('#tab-context').click();
    await page
      .locator('#statechart g.state.active[data-state="country.peacekeeping.startUp"]')
      .waitFor();
    await page.locator('#zoom-100').click();
    await shot('inspector-free.png');

    await page.locator('#view-pillar').click();
    await page.locator('#actor-tree li.actor').first().waitFor();
    await shot('inspector-pillar.png');

    // The Tasks tab: Liberia when UNMIL handed protection of civilians to the government.
    await page.locator('#view-country').click();
    await page.locator('#scenario-select').selectOption('liberia');
    await page.locator('#step-list button[data-month="2016-07"]').click();
    await page.locator('#month-label', { hasText: '2016-07' }).waitFor();
    await page.locator('#tab-tasks').click();
    await shot('inspector-tasks.png');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('#view-country').click();
    await page.locator('#tab-events').click();
    await shot('inspector-dark.png');
  } finally {
    await browser.close();
    await server.close();
  }
  const manifest = { inputs: await screenshotInputsHash(), shots: SHOTS };
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log('wrote docs/images/inspector-screenshots.json');
}

await main();
