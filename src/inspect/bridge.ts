/**
 * `pillar inspect --stately`: the session's inspection events also go to the Stately inspector
 * (https://stately.ai/inspect), for users who are online. `@statelyai/inspect` stands in for
 * `@xstate/inspect`, which works with xstate 4 only (it fails against xstate 5). Its local
 * bridge server serves a page that embeds the hosted Stately UI and forwards the events to it;
 * it never opens a browser by itself here (`autoOpen: false`). It converts only actor, event and
 * snapshot events. Never used in tests.
 */
import type { InspectionEvent } from 'xstate';

export interface StatelyBridge {
  /** Pass every inspection event of the inspected actor. */
  inspect: (event: InspectionEvent) => void;
  /** The local page that shows the Stately inspector. */
  url: string;
  stop(): void;
}

/**
 * Starts the bridge on `port` (its own server, from `@statelyai/inspect/server`).
 * @throws Error when `@statelyai/inspect` is not installed.
 */
export async function createStatelyBridge(port: number): Promise<StatelyBridge> {
  let inspectModule: typeof import('@statelyai/inspect');
  let serverModule: typeof import('@statelyai/inspect/server');
  try {
    inspectModule = await import('@statelyai/inspect');
    serverModule = await import('@statelyai/inspect/server');
  } catch {
    throw new Error(
      '--stately needs the package @statelyai/inspect (npm install @statelyai/inspect)',
    );
  }
  const server = serverModule.createInspectorServer({ port, autoOpen: false });
  const inspector = inspectModule.createWebSocketInspector({ url: `ws://localhost:${port}` });
  return {
    inspect: (event) => inspector.inspect.next?.(event),
    url: `http://localhost:${port}/`,
    stop: () => {
      inspector.stop();
      server.stop();
    },
  };
}
