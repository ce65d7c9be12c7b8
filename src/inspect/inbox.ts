/**
 * Incoming messages, handled fairly: each client's messages wait in its own bounded queue and the
 * server takes them round-robin, one per client per round, a limited number per turn of the event
 * loop (so the sockets of other clients are read in between). Each client also has a rate limit
 * (a token bucket): a client that floods the server is slowed to its rate, and its flood never
 * delays another client's request by more than one round. A queue that grows past half its bound
 * pauses the client's socket until the queue is empty (TCP then slows the client down); past its bound, the oldest
 * messages are dropped and counted.
 */

/** What the inbox pauses and resumes: a client's socket. */
export interface Readable {
  pause(): void;
  resume(): void;
}

export interface RateLimit {
  /** Messages a client may have handled per second, on average. */
  perSecond: number;
  /** Messages it may have handled at once after a quiet spell. */
  burst: number;
}

export interface InboxOptions {
  /** Most messages waiting per client (default 256); beyond, the oldest are dropped. */
  maxQueued?: number;
  /** Most bytes waiting per client (default 4 MiB); beyond, the oldest are dropped. */
  maxQueuedBytes?: number;
  /** Messages handled per turn of the event loop, all clients together (default 64). */
  perTurn?: number;
}

/** A token bucket: `take()` succeeds while tokens remain; they refill at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + ((now - this.last) * this.limit.perSecond) / 1000,
    );
    this.last = now;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token (0 when one is there). */
  wait(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond);
  }
}

const DROPPED = { message: undefined, bytes: 0 } as { message: never; bytes: number };

/** One client's queue of raw messages. */
export class ClientInbox<M> {
  private items: { message: M; bytes: number }[] = [];
  private head = 0;
  private bytes = 0;
  private paused = false;
  /** Messages dropped because the queue was full. */
  dropped = 0;
  /** Dropped messages not yet reported to the client. */
  unreported = 0;
  /** Messages handled. */
  handled = 0;
  /** Whether the client is gone: its queue is no longer served. */
  closed = false;

  constructor(
    readonly socket: Readable,
    readonly bucket: TokenBucket,
    readonly maxQueued: number,
    readonly maxQueuedBytes: number,
    /** Whether the client may be served now (false while its own outgoing queue is full). */
    readonly canTake: () => boolean,
    readonly handle: (message: M) => void,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Bytes waiting. */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** Queues a message of `bytes` bytes; drops the oldest while over a bound (never the newest). */
  push(message: M, bytes = 0): void {
    this.items.push({ message, bytes });
    this.bytes += bytes;
    while (this.length > 1 && (this.length > this.maxQueued || this.bytes > this.maxQueuedBytes)) {
      this.bytes -= (this.items[this.head] as { bytes: number }).bytes;
      this.items[this.head] = DROPPED;
      this.head += 1;
      this.dropped += 1;
      this.unreported += 1;
    }
    if (
      !this.paused &&
      (this.length * 2 >= this.maxQueued || this.bytes * 2 >= this.maxQueuedBytes)
    ) {
      this.paused = true;
      this.socket.pause();
    }
  }

  shift(): M | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as { message: M; bytes: number };
    const message = item.message;
    this.bytes -= item.bytes;
    this.items[this.head] = DROPPED;
    this.head += 1;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    // Read on only once the queue is empty: one socket read can bring a few hundred messages.
    if (this.paused && !this.closed && this.length === 0) {
      this.paused = false;
      this.socket.resume();
    }
    return message;
  }
}

/**
 * Serves every client's inbox, round-robin (see the module comment). `onTurnEnd` runs after each
 * turn (the server then sends the views the turn's messages changed, once for all of them).
 */
export class FairScheduler<M> {
  private readonly inboxes = new Set<ClientInbox<M>>();
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly maxQueued: number;
  readonly maxQueuedBytes: number;
  readonly perTurn: number;
  /** Turns run. */
  turns = 0;

  constructor(
    options: InboxOptions = {},
    private readonly onTurnEnd: () => void = () => undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.maxQueued = Math.max(1, options.maxQueued ?? 256);
    this.maxQueuedBytes = Math.max(1, options.maxQueuedBytes ?? 4 * 1024 * 1024);
    this.perTurn = Math.max(1, options.perTurn ?? 64);
  }

  /** A new client's inbox. */
  add(
    socket: Readable,
    limit: RateLimit,
    canTake: () => boolean,
    handle: (message: M) => void,
  ): ClientInbox<M> {
    const inbox = new ClientInbox<M>(
      socket,
      new TokenBucket(limit),
      this.maxQueued,
      this.maxQueuedBytes,
      canTake,
      handle,
    );
    this.inboxes.add(inbox);
    return inbox;
  }

  remove(inbox: ClientInbox<M>): void {
    inbox.closed = true;
    this.inboxes.delete(inbox);
  }

  /** Queues a client's message and makes sure a turn is coming. */
  push(inbox: ClientInbox<M>, message: M, bytes = 0): void {
    if (inbox.closed) return;
    inbox.push(message, bytes);
    this.schedule();
  }

  /** Asks for a turn soon (after the sockets have been read). */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private turn(): void {
    this.scheduled = false;
    if (this.stopped) return;
    this.turns += 1;
    let budget = this.perTurn;
    let waitMs = Infinity;
    let progress = true;
    try {
      while (budget > 0 && progress) {
        progress = false;
        for (const inbox of this.inboxes) {
          if (budget === 0) break;
          if (inbox.length === 0 || !inbox.canTake()) continue;
          if (!inbox.bucket.take()) {
            waitMs = Math.min(waitMs, inbox.bucket.wait());
            continue;
          }
          const message = inbox.shift() as M;
          budget -= 1;
          progress = true;
          inbox.handled += 1;
          try {
            inbox.handle(message);
          } catch (error) {
            this.onError(error);
          }
        }
      }
    } finally {
      try {
        this.onTurnEnd();
      } catch (error) {
        this.onError(error);
      }
    }
    if (budget === 0) {
      this.schedule();
    } else if (waitMs !== Infinity && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, waitMs);
      this.timer.unref();
    }
  }

  /** Called when a client's outgoing queue drained: its waiting messages can be served. */
  wake(): void {
    for (const inbox of this.inboxes) {
      if (inbox.length > 0) {
        this.schedule();
        return;
      }
    }
  }
}
