/**
 * The README's `pillar verify` example is what the command prints now: every line shown (the
 * elided ones marked `...`) appears in the output, in order; only the timing figures may differ.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatVerifyTable, verifyCountryMachine } from '../src/verify/index.ts';

const TIMING = /time \d+\.\d\d s {2}\d+ states\/s/;

function readExample(): { command: string; lines: string[] } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Verify every reachable state'));
  const block = /```text\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined)
    throw new Error('README: no text block under "Verify every reachable state"');
  const [command = '', ...lines] = block.trimEnd().split('\n');
  return { command, lines };
}

describe('the README example of pillar verify', () => {
  it('is the output of the command it shows, line for line in order', () => {
    const { command, lines } = readExample();
    expect(command).toBe('$ pillar verify --doctrine note-2017');
    const output = formatVerifyTable([verifyCountryMachine({ doctrine: 'note-2017' })])
      .split('\n')
      .map((l) => l.replace(TIMING, 'time T'));
    let at = 0;
    for (const line of lines) {
      if (line === '...') continue;
      const found = output.indexOf(line.replace(TIMING, 'time T'), at);
      expect(found, `README line not in the output (in order): ${line}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(lines.filter((l) => l !== '...').length).toBeGreaterThan(5);
  });
});
