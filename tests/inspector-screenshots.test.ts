/**
 * The inspector screenshots in docs/images/ and the README follow the page: the hash of what they
 * were taken from (page files, palette, statechart, pillar data, the views shown) must match the
 * one `npm run screenshots` recorded. PNG bytes are not compared (they differ across machines).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGES, MANIFEST, SHOTS, screenshotInputsHash } from './support/inspector-screenshots.ts';

const HINT = 'inspector screenshots out of date: run npm run screenshots';

describe('the inspector screenshots', () => {
  it('were taken from the current page, statechart and data', async () => {
    expect(existsSync(MANIFEST), HINT).toBe(true);
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { inputs: string };
    expect(manifest.inputs, HINT).toBe(await screenshotInputsHash());
  }, 60_000);

  it('exist, and the README shows each with its caption', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const shot of SHOTS) {
      expect(statSync(`${IMAGES}${shot.file}`).size, shot.file).toBeGreaterThan(20_000);
      expect(readme).toContain(`![${shot.caption}](docs/images/${shot.file})`);
    }
  });
});
