/**
 * One measured replay of the overlapping-presences scenario in a process of its own (the cost
 * per presence is then not that of code already made generic by every other bench row), for
 * `npm run bench`: prints one JSON line. Arguments: what (steps|exit|replay), number of presences.
 * A 200-presence run first warms the code up.
 */
import { getOverlapTasks } from './kernel.ts';
import { measureChild } from './loader.ts';

const [what = 'steps', countArg = '1000'] = process.argv.slice(2);
const count = Number(countArg);
const pick = (n: number) => {
  const [steps, exit, replay] = getOverlapTasks([n]);
  const task = what === 'replay' ? replay : what === 'exit' ? exit : steps;
  if (!task) throw new Error(`overlap-one: nothing to run for ${what}`);
  return task;
};
pick(200).fn();
const task = pick(count);
await measureChild({ name: task.name, unit: task.unit, items: task.items }, () => {
  task.fn();
});
