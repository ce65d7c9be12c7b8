import { overlappingScenario } from './bench/kernel.ts';
import { replayScenario } from './src/simulate/replay.ts';
replayScenario(overlappingScenario(1500));
