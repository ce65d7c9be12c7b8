/**
 * Every `pillar` command, in the order `pillar --help` lists them. A new command lives in its own
 * file under this folder, exports `registerXCommand(program)`, and gets one line below.
 */
import type { Command } from 'commander';
import { registerCompareCommand } from './compare.ts';
import { registerDiagramCommand } from './diagram.ts';
import { registerInspectCommand } from './inspect.ts';
import { registerListCommand } from './list.ts';
import { registerPortfolioCommand } from './portfolio.ts';
import { registerReplayCommand } from './replay.ts';
import { registerRestructuringCommand } from './restructuring.ts';
import { registerSimulateCommand } from './simulate.ts';
import { registerTimelineCommand } from './timeline.ts';
import { registerVerifyCommand } from './verify.ts';

/** Adds every command to the program. */
export function registerCommands(program: Command): Command {
  registerListCommand(program);
  registerReplayCommand(program);
  registerCompareCommand(program);
  registerTimelineCommand(program);
  registerSimulateCommand(program);
  registerVerifyCommand(program);
  registerDiagramCommand(program);
  registerInspectCommand(program);
  registerPortfolioCommand(program);
  registerRestructuringCommand(program);
  return program;
}
