import { startInspectorServer } from '../src/inspect/server.ts';
import { renderStatechart } from '../src/inspect/statechart.ts';
import { launchBrowser } from '../tests/support/browser.ts';
async function main() {
  const server = await startInspectorServer({ port: 0, statechartSvg: await renderStatechart() });
  const [w, h] = (process.argv[2] ?? '1440x900').split('x').map(Number);
  const b = await launchBrowser({ width: w!, height: h! });
  const p = await b.context.newPage();
  p.on('console', (m) => console.log('console', m.text()));
  p.on('pageerror', (e) => console.log('pageerror', e.message));
  await p.goto(server.url);
  await p.waitForTimeout(1500);
  if (process.argv[3]) { await p.locator('#scenario-select').selectOption(process.argv[3]); await p.waitForTimeout(800); }
  await p.screenshot({ path: '/tmp/inspui/now.png' });
  await b.close(); await server.close();
}
main();
