/**
 * One client's outgoing stream: every message stamped with the client's own sequence number
 * (1, 2, 3...), sent in order, never dropped. Messages wait in a queue while the socket's buffer
 * is above its high-water mark; the queue's size in bytes is what the server watches to pause
 * the programs that feed it (backpressure), so memory stays bounded.
 */
import { WebSocket } from 'ws';

export interface ChannelOptions {
  /** The socket's buffered bytes above which messages wait in the queue (default 256 KiB). */
  highWaterBytes?: number;
  /** Queued bytes above which the channel counts as full (default 2 MiB). */
  maxQueueBytes?: number;
}

export const DEFAULT_HIGH_WATER_BYTES = 256 * 1024;
export const DEFAULT_MAX_QUEUE_BYTES = 2 * 1024 * 1024;

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
  readonly highWater: number;
  readonly maxQueueBytes: number;

  /** `onDrain` is called whenever the queue shrinks below half of its limit. */
  constructor(
    private readonly ws: WebSocket,
    options: ChannelOptions = {},
    private readonly onDrain: () => void = () => undefined,
  ) {
    this.highWater = options.highWaterBytes ?? DEFAULT_HIGH_WATER_BYTES;
    this.maxQueueBytes = options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES;
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
      }
    }
    const item: Pending = { json, key, dropped: false };
    if (key !== null) this.latest.set(key, item);
    this.queue.push(item);
    this.bytes += json.length;
    if (this.bytes > this.peak) this.peak = this.bytes;
    if (this.bytes > this.maxQueueBytes && this.fullSince === null) this.fullSince = Date.now();
    this.pump();
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
        this.head = 0;
      }
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
    if (this.bytes <= this.maxQueueBytes) this.fullSince = null;
    if (this.bytes < this.maxQueueBytes / 2) this.onDrain();
  }
}
