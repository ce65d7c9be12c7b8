import { exploreCountryMachine } from './src/verify/index.ts';
const names = process.argv[2]!.split(',');
const t = performance.now();
const x = exploreCountryMachine({ doctrine: 'note-2017', names, maxStates: Number(process.argv[3]) });
console.log(names.join(''), x.nodes.length, x.edges, x.complete, x.maxDepth, Math.round(performance.now() - t), 'ms', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
