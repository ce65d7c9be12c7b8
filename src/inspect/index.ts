/** The live local inspector: server, session, protocol, and the sink that attaches Node programs. */
export * from './server.ts';
export * from './session.ts';
export * from './protocol.ts';
export * from './sink.ts';
export * from './wire.ts';
export { renderStatechart } from './statechart.ts';
export {
  STATELY_INSPECTOR_URL,
  createStatelyBridge,
  type StatelyBridge,
  type StatelyBridgeOptions,
} from './bridge.ts';
