/**
 * Backpressure between the programs that stream inspection events and the pages that receive
 * them: while any page's outgoing queue is over its limit, every program's socket is paused (the
 * server stops reading it, so TCP slows the program down); when all queues have drained below
 * half, they resume. A page whose queue stays full longer than `stallMs` is disconnected, so one
 * stuck tab cannot stop the others for ever.
 */

/** What the server pauses: a program's socket. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/** What the server watches: a page's outgoing queue. */
export interface WatchedQueue {
  readonly full: boolean;
  readonly peakQueuedBytes: number;
  fullFor(now: number): number;
}

export interface WatchedPage {
  channel: WatchedQueue;
  /** Disconnects the page. */
  terminate(): void;
}

export class Backpressure {
  /** Times the programs were paused. */
  pauses = 0;
  paused = false;
  /** The largest queue seen on any page, in bytes. */
  peakQueuedBytes = 0;

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Re-evaluates after a page's queue changed or a program sent something. */
  update(pages: Iterable<WatchedPage>, sources: Iterable<Pausable>): void {
    let full = false;
    const now = this.now();
    for (const page of pages) {
      this.peakQueuedBytes = Math.max(this.peakQueuedBytes, page.channel.peakQueuedBytes);
      if (!page.channel.full) continue;
      if (page.channel.fullFor(now) > this.stallMs) {
        page.terminate();
        continue;
      }
      full = true;
    }
    if (full && !this.paused) {
      this.paused = true;
      this.pauses += 1;
      for (const source of sources) source.pause();
    } else if (!full && this.paused) {
      this.paused = false;
      for (const source of sources) source.resume();
    }
  }

  /** A program that connects while the others are paused starts paused. */
  admit(source: Pausable): void {
    if (this.paused) source.pause();
  }
}
