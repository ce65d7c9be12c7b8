/**
 * Worker thread of `pillar simulate`: takes ranges of country indices and sends back their
 * records. Each country depends on (params, index) only, so the split never changes a result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateCountry, type SimulationParams } from './trajectory.ts';

/** A range of countries to simulate, [start, end). */
export interface ChunkRequest {
  start: number;
  end: number;
}

const params = workerData as SimulationParams;
const port = parentPort;
if (port) {
  port.on('message', (request: ChunkRequest) => {
    const records = [];
    for (let i = request.start; i < request.end; i++) records.push(simulateCountry(params, i));
    port.postMessage({ start: request.start, records });
  });
}
