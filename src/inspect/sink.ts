/**
 * Attaching a Node program to the inspector: `createInspectorSink({ url })`, with the URL that
 * `pillar inspect` prints (it carries the session's token as `?token=`), gives an `inspect`
 * function to pass to `createActor(machine, { inspect })`. XState calls it synchronously; the
 * sink numbers the events, trims them (see wire.ts) and streams them to the server's
 * `/ws/source` in batches, waiting while the socket is backed up. Its own queue is bounded:
 * beyond `maxQueue` waiting events, new ones are dropped and counted (the page shows the count).
 */
import type { InspectionEvent } from 'xstate';
import { WebSocket } from 'ws';
import { MAX_BATCH_EVENTS, MAX_SOURCE_MESSAGE_BYTES, type WireInspection } from './protocol.ts';
import { toWireInspection, type CompactOptions } from './wire.ts';

export interface InspectorSinkOptions {
  /**
   * The inspector's URL as `pillar inspect` prints it (`http://127.0.0.1:4173/?token=...`), or its
   * ws URL. The server refuses a connection without the session's token: give the URL with its
   * `?token=`, or the token separately in `token`.
   */
  url: string;
  /** The session's token, when `url` does not carry it (wins over the URL's). */
  token?: string;
  /** The program's name on the page. */
  name?: string;
  /** Most events waiting to be sent (default 100000); more are dropped and counted. */
  maxQueue?: number;
  /** Most events per message (default 500). */
  batchSize?: number;
  /** How snapshots' contexts are trimmed. */
  compact?: CompactOptions;
}

export interface InspectorSinkStats {
  /** Events handed to the socket. */
  sent: number;
  queued: number;
  dropped: number;
  /** Error messages the server replied with. */
  errors: string[];
}

export interface InspectorSink {
  /** Pass as `createActor(machine, { inspect: sink.inspect })`. */
  inspect: (event: InspectionEvent) => void;
  /** Resolves once connected. */
  ready: Promise<void>;
  /** Resolves once every queued event has been written to the socket. */
  flush(): Promise<void>;
  /** Flushes, then closes the connection. */
  close(): Promise<void>;
  stats(): InspectorSinkStats;
}

const SOCKET_HIGH_WATER = 1024 * 1024;

/**
 * `http://h:p/?token=t` -> `ws://h:p/ws/source?token=t&name=...`; a ws URL is kept as given
 * (name, and `token` when given, added).
 */
export function toSourceUrl(url: string, name: string, token?: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
    parsed.pathname = '/ws/source';
  }
  if (token !== undefined) parsed.searchParams.set('token', token);
  parsed.searchParams.set('name', name);
  return parsed.toString();
}

/** A sink streaming inspection events to a running inspector (see the module comment). */
export function createInspectorSink(options: InspectorSinkOptions): InspectorSink {
  const maxQueue = options.maxQueue ?? 100_000;
  const batchSize = Math.min(options.batchSize ?? 500, MAX_BATCH_EVENTS);
  const ws = new WebSocket(toSourceUrl(options.url, options.name ?? 'program', options.token));
  let queue: WireInspection[] = [];
  let next = 1;
  let sent = 0;
  let dropped = 0;
  let unreported = 0;
  let scheduled = false;
  let waiting: (() => void)[] = [];
  const errors: string[] = [];

  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ready.catch(() => undefined);
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    try {
      const message = JSON.parse((data as Buffer).toString('utf8')) as {
        type?: string;
        message?: string;
      };
      if (message.type === 'error' && errors.length < 100) errors.push(String(message.message));
    } catch {
      // the server only sends JSON
    }
  });
  ws.on('open', () => pump());
  ws.on('close', () => settle(true));

  function settle(force = false): void {
    if (!force && (queue.length > 0 || ws.bufferedAmount > 0)) return;
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  function serialize(events: WireInspection[]): string {
    const message: Record<string, unknown> = { type: 'batch', first: next, events };
    if (unreported > 0) message.dropped = unreported;
    return JSON.stringify(message);
  }

  function pump(): void {
    while (
      queue.length > 0 &&
      ws.readyState === WebSocket.OPEN &&
      ws.bufferedAmount < SOCKET_HIGH_WATER
    ) {
      let count = Math.min(batchSize, queue.length);
      let text = serialize(queue.slice(0, count));
      while (Buffer.byteLength(text) > MAX_SOURCE_MESSAGE_BYTES && count > 1) {
        count = Math.ceil(count / 2);
        text = serialize(queue.slice(0, count));
      }
      if (count === 1 && Buffer.byteLength(text) > MAX_SOURCE_MESSAGE_BYTES) {
        const big = queue[0] as WireInspection;
        text = serialize([
          { type: big.type, sessionId: big.sessionId, eventType: '(too large to send)' },
        ]);
      }
      queue = queue.slice(count);
      next += count;
      sent += count;
      unreported = 0;
      ws.send(text, () => {
        pump();
        settle();
      });
    }
    if (ws.readyState === WebSocket.OPEN) settle();
  }

  return {
    inspect: (event) => {
      if (queue.length >= maxQueue) {
        dropped += 1;
        unreported += 1;
        return;
      }
      queue.push(toWireInspection(event, options.compact));
      schedule();
    },
    ready,
    flush: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        waiting.push(resolve);
        if (ws.readyState === WebSocket.OPEN) pump();
      }),
    close: async () => {
      if (ws.readyState === WebSocket.CONNECTING) await ready.catch(() => undefined);
      if (ws.readyState === WebSocket.OPEN) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          pump();
        });
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(1000, 'done');
        });
      }
    },
    stats: () => ({ sent, queued: queue.length, dropped, errors: [...errors] }),
  };
}
