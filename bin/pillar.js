#!/usr/bin/env node
/* global process, URL */
// The `pillar` launcher: runs the built JavaScript in dist/ (`npm run build`; `npm ci` builds it).
// From a checkout, `npm run pillar -- <command>` runs the TypeScript sources instead.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `pillar --version` alone answers from package.json without loading the CLI (what commander
  // prints for it: the version and a newline).
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  // A reader that has gone (`pillar --version | true`) is no error (as in the CLI's main).
  process.stdout.on('error', () => {});
  process.stdout.write(`${manifest.version}\n`);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  await main();
}
