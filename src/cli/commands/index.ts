/**
 * Every `pillar` command, in the order `pillar --help` lists them. A new command lives in its own
 * file under this folder, exports `registerXCommand(program)`, and gets one line below.
 */
import type { Command } from 'commander';
import { registerCompareCommand } from './compare.ts';
import { registerListCommand } from './list.ts';
import { registerReplayCommand } from './replay.ts';
import { registerSimulateCommand } from './simulate.ts';
import { registerTimelineCommand } from './timeline.ts';

/** Adds every command to the program. */
export function registerCommands(program: Command): Command {
  registerListCommand(program);
  registerReplayCommand(program);
  registerCompareCommand(program);
  registerTimelineCommand(program);
  registerSimulateCommand(program);
  return program;
}
