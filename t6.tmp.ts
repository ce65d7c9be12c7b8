import { exploreCountryMachine } from './src/verify/index.ts';
const names = process.argv[2]!.split(',');
const max = Number(process.argv[3]);
const c0 = process.cpuUsage(); const t = performance.now();
const x = exploreCountryMachine({ doctrine: 'note-2017', names, maxStates: max });
const u = process.cpuUsage(c0);
const byDepth = new Map<number, number>(); for (const n of x.nodes) byDepth.set(n.depth, (byDepth.get(n.depth) ?? 0) + 1);
console.log(JSON.stringify({ names: names.join(''), states: x.nodes.length, edges: x.edges, complete: x.complete, wallMs: Math.round(performance.now() - t), cpuMs: Math.round((u.user + u.system) / 1000), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), byDepth: [...byDepth] }));
