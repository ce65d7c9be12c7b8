import { launchBrowser } from '../tests/support/browser.ts';
import { readFileSync } from 'node:fs';
async function main() {
  const svg = readFileSync(process.argv[3] ?? '/tmp/inspui/elk.svg', 'utf8');
  const w = Number(/width="(\d+)"/.exec(svg)![1]); const h = Number(/height="(\d+)"/.exec(svg)![1]);
  const scale = Number(process.argv[2] ?? '0.5');
  const b = await launchBrowser({ width: Math.ceil(w*scale), height: Math.ceil(h*scale) });
  const p = await b.context.newPage();
  await p.setContent(`<html><body style="margin:0"><style>svg{width:${w*scale}px;height:${h*scale}px}</style>${svg}</body></html>`);
  await p.screenshot({ path: '/tmp/inspui/elk.png' });
  await b.close();
}
main();
