/**
 * One client's outgoing stream: every message stamped with the client's own sequence number
 * (1, 2, 3...), sent in order. Messages wait in a queue while the socket's buffer is above its
 * high-water mark; the queue's size in bytes is what the server watches to pause the programs
 * that feed it (backpressure). A client that does not read cannot grow the queue without bound:
 * above a hard limit (bytes or messages) the oldest waiting messages are dropped and counted, and
 * the client is told with a `{"type":"dropped","count":n}` message (n: dropped so far in total)
 * sent before the next message it gets.
 */
import { WebSocket } from 'ws';

export interface ChannelOptions {
  /** The socket's buffered bytes above which messages wait in the queue (default 256 KiB). */
  highWaterBytes?: number;
  /** Queued bytes above which the channel counts as full (default 2 MiB). */
  maxQueueBytes?: number;
  /** Queued bytes above which the oldest messages are dropped (default 4 x maxQueueBytes). */
  dropAboveBytes?: number;
  /** Most messages waiting; beyond, the oldest are dropped (default 10000). */
  maxQueueMessages?: number;
}

export const DEFAULT_HIGH_WATER_BYTES = 256 * 1024;
export const DEFAULT_MAX_QUEUE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_QUEUE_MESSAGES = 10_000;

interface Pending {
  json: string;
  key: string | null;
  dropped: boolean;
}

const DONE: Pending = { json: '', key: null, dropped: true };

export class ClientChannel {
  private seq = 0;
  private queue: Pending[] = [];
  private latest = new Map<string, Pending>();
  private head = 0;
  private bytes = 0;
  private peak = 0;
  private pumping = false;
  private fullSince: number | null = null;
  /** Messages waiting (not dropped, not sent). */
  private live = 0;
  /** Every index below it holds a message already sent or dropped. */
  private oldest = 0;
  private droppedCount = 0;
  private unreported = 0;
  readonly highWater: number;
  readonly maxQueueBytes: number;
  readonly dropAboveBytes: number;
  readonly maxQueueMessages: number;

  /** `onDrain` is called whenever the queue shrinks below half of its limit. */
  constructor(
    private readonly ws: WebSocket,
    options: ChannelOptions = {},
    private readonly onDrain: () => void = () => undefined,
  ) {
    this.highWater = options.highWaterBytes ?? DEFAULT_HIGH_WATER_BYTES;
    this.maxQueueBytes = options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES;
    this.dropAboveBytes = Math.max(
      options.dropAboveBytes ?? 4 * this.maxQueueBytes,
      this.maxQueueBytes,
    );
    this.maxQueueMessages = Math.max(1, options.maxQueueMessages ?? DEFAULT_MAX_QUEUE_MESSAGES);
  }

  /** Sends a JSON object with this client's next sequence number as `seq` (see sendSerialized). */
  send(payload: object, key: string | null = null): void {
    this.sendSerialized(JSON.stringify(payload), key);
  }

  /**
   * Sends an object already serialized (`{...}`): one serialization for many clients. With a
   * `key`, a message of the same key still waiting in the queue is superseded (a newer view
   * replaces an older one that was never sent), so a slow page gets the latest state, not all.
   * `seq` is added when the message is handed to the socket, so numbers never skip.
   */
  sendSerialized(json: string, key: string | null = null): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (key !== null) {
      const old = this.latest.get(key);
      if (old !== undefined) {
        old.dropped = true;
        this.bytes -= old.json.length;
        this.live -= 1;
      }
    }
    const item: Pending = { json, key, dropped: false };
    if (key !== null) this.latest.set(key, item);
    this.queue.push(item);
    this.bytes += json.length;
    this.live += 1;
    this.pump();
    if (this.bytes > this.dropAboveBytes || this.live > this.maxQueueMessages) this.dropOldest();
    if (this.bytes > this.peak) this.peak = this.bytes;
    if (this.bytes > this.maxQueueBytes && this.fullSince === null) this.fullSince = Date.now();
  }

  /** Drops the oldest waiting messages until the queue is within its hard limits. */
  private dropOldest(): void {
    if (this.oldest < this.head) this.oldest = this.head;
    while (
      (this.bytes > this.dropAboveBytes || this.live > this.maxQueueMessages) &&
      this.oldest < this.queue.length - 1
    ) {
      const item = this.queue[this.oldest] as Pending;
      this.oldest += 1;
      if (item.dropped) continue;
      item.dropped = true;
      if (item.key !== null && this.latest.get(item.key) === item) this.latest.delete(item.key);
      this.bytes -= item.json.length;
      this.live -= 1;
      this.droppedCount += 1;
      this.unreported += 1;
    }
  }

  /** Messages dropped because the client did not read them in time. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Messages waiting in the queue. */
  get queuedMessages(): number {
    return this.live;
  }

  /** Bytes waiting in the queue (not yet handed to the socket). */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** The largest `queuedBytes` seen. */
  get peakQueuedBytes(): number {
    return this.peak;
  }

  /** Whether the queue is over its limit: the server then pauses the programs feeding it. */
  get full(): boolean {
    return this.bytes > this.maxQueueBytes;
  }

  /** How long the queue has been over its limit, in ms (0 when it is not). */
  fullFor(now: number): number {
    return this.fullSince === null ? 0 : now - this.fullSince;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (
        this.head < this.queue.length &&
        this.ws.readyState === WebSocket.OPEN &&
        this.ws.bufferedAmount < this.highWater
      ) {
        const item = this.queue[this.head] as Pending;
        this.queue[this.head] = DONE;
        this.head += 1;
        if (item.dropped) continue;
        if (item.key !== null && this.latest.get(item.key) === item) this.latest.delete(item.key);
        this.bytes -= item.json.length;
        this.live -= 1;
        if (this.unreported > 0) {
          this.unreported = 0;
          this.seq += 1;
          this.ws.send(`{"seq":${this.seq},"type":"dropped","count":${this.droppedCount}}`);
        }
        this.seq += 1;
        const json = item.json;
        const message =
          json === '{}' ? `{"seq":${this.seq}}` : `{"seq":${this.seq},${json.slice(1)}`;
        this.ws.send(message, (error) => {
          if (!error) this.pump();
        });
      }
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.oldest = Math.max(0, this.oldest - this.head);
        this.head = 0;
      }
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
        this.oldest = 0;
      }
    } finally {
      this.pumping = false;
    }
    if (this.bytes <= this.maxQueueBytes) this.fullSince = null;
    if (this.bytes < this.maxQueueBytes / 2) this.onDrain();
  }
}
