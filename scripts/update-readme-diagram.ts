/**
 * Regenerates the country machine's diagrams from its definition: the ```mermaid block between
 * `<!-- diagram:country:start -->` and `<!-- diagram:country:end -->` in README.md (only that
 * text changes), docs/diagrams/country.mmd and docs/diagrams/country.svg.
 *
 *   npx tsx scripts/update-readme-diagram.ts          # rewrite what is out of date
 *   npx tsx scripts/update-readme-diagram.ts --check  # exit 1 when something is out of date
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countryMachine } from '../machines/country.ts';
import { writeOutput } from '../src/cli/shared.ts';
import { toMermaid } from '../src/diagram/mermaid.ts';
import { writeReadmeDiagram } from '../src/diagram/readme.ts';
import { toSvg } from '../src/diagram/svg.ts';

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const check = process.argv.includes('--check');

const mermaid = toMermaid(countryMachine);
const readmePath = root('README.md');
const readme = readFileSync(readmePath, 'utf8');
const wanted: [string, string][] = [
  [readmePath, writeReadmeDiagram(readme, 'country', mermaid)],
  [root('docs/diagrams/country.mmd'), mermaid],
  [root('docs/diagrams/country.svg'), await toSvg(countryMachine)],
];

let stale = 0;
for (const [path, text] of wanted) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  stale += 1;
  if (check) console.error(`out of date: ${path}`);
  else {
    writeOutput(path, text);
    console.log(`wrote ${path}`);
  }
}
if (check && stale > 0) {
  console.error('run: npx tsx scripts/update-readme-diagram.ts');
  process.exitCode = 1;
}
