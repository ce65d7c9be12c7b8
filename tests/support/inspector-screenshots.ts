/**
 * The inspector screenshots in docs/images/ (inspector*.png) and what they were taken from. The
 * PNG bytes are not stable across machines, so staleness is checked on the inputs instead: a
 * SHA-256 over the page's own files, the palette, the statechart and pillar SVG, the pillar data
 * and the session views each shot shows. `npm run screenshots` retakes them and rewrites
 * docs/images/inspector-screenshots.json; tests/inspector-screenshots.test.ts compares.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InspectorSession } from '../../src/inspect/session.ts';
import { paletteCss } from '../../src/inspect/palette-css.ts';
import { pillarFiles } from '../../src/inspect/pillar-view.ts';
import { renderStatechart } from '../../src/inspect/statechart.ts';
import { listBundledScenarios, resolveScenario } from '../../src/scenario/catalog.ts';

export const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
export const MANIFEST = `${IMAGES}inspector-screenshots.json`;

/** The shots: file name, what it shows (the README's caption). */
export const SHOTS = [
  { file: 'inspector.png', caption: 'Sierra Leone at 2014-04: the lead passes from DPO to DPPA' },
  {
    file: 'inspector-free.png',
    caption: 'A free session after a pko deploys: context changes marked',
  },
  {
    file: 'inspector-pillar.png',
    caption: "The pillar's actor system: a country actor per scenario",
  },
  {
    file: 'inspector-tasks.png',
    caption: 'The Tasks tab: Liberia in 2016-07, UNMIL’s plan and its first handover',
  },
  { file: 'inspector-dark.png', caption: 'The dark theme, following the system setting' },
] as const;

/** The free session the screenshots show: the events sent, as the page sends them. */
export const FREE_EVENTS = [
  { type: 'ENGAGE_PREVENTION', month: '2020-01' },
  { type: 'DEPLOY', month: '2020-03', presence: { name: 'UNTEST', kind: 'pko' } },
] as const;

/** Everything the screenshots are made from, hashed. */
export async function screenshotInputsHash(): Promise<string> {
  const hash = createHash('sha256');
  const staticDir = new URL('../../src/inspect/static/', import.meta.url);
  for (const file of ['index.html', 'app.js', 'style.css']) {
    hash.update(file).update(readFileSync(new URL(file, staticDir)));
  }
  hash.update(paletteCss());
  hash.update(await renderStatechart());
  const pillar = await pillarFiles(listBundledScenarios(), 'note-2017');
  for (const [path, file] of Object.entries(pillar)) hash.update(path).update(file.body);
  const sl = resolveScenario('sierra-leone');
  const scenario = new InspectorSession({ scenario: { id: sl.id, scenario: sl.scenario } });
  scenario.seek('2014-04');
  hash.update(JSON.stringify(scenario.getView()));
  const free = new InspectorSession();
  for (const event of FREE_EVENTS) free.send(event);
  hash.update(JSON.stringify(free.getView()));
  hash.update(JSON.stringify(SHOTS));
  return hash.digest('hex');
}
