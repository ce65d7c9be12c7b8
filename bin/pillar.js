#!/usr/bin/env node
// The `pillar` launcher: runs the built JavaScript in dist/ (`npm run build`; `npm ci` builds it).
// From a checkout, `npm run pillar -- <command>` runs the TypeScript sources instead.
const { main } = await import('../dist/src/cli/main.js');
await main();
