/**
 * Load: a Node program streams 10,000 inspection events of a real country actor through the sink;
 * 20 pages receive them at once, two of them not reading for a while. Every page gets every
 * event, in order, with its own consecutive sequence numbers; the server's per-page queues stay
 * under their bound and the process's memory growth stays small.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, type InspectionEvent } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import type { CountryEvent } from '../machines/country-types.ts';
import { fromMonthIndex, toMonthIndex } from '../src/domain/index.ts';
import { MAX_SOURCE_MESSAGE_BYTES } from '../src/inspect/protocol.ts';
import { startInspectorServer } from '../src/inspect/server.ts';
import { createInspectorSink } from '../src/inspect/sink.ts';

const PAGES = 20;
const EVENTS = 10_000;
const MAX_QUEUE_BYTES = 256 * 1024;

interface Received {
  seqs: number[];
  firsts: number[];
  lengths: number[];
  kinds: string[];
  done: Promise<void>;
  ws: WebSocket;
}

function openPage(url: string, total: number): Promise<Received> {
  const ws = new WebSocket(url, { headers: { Origin: `http://${new URL(url).host}` } });
  let finish: () => void = () => undefined;
  const received: Received = {
    seqs: [],
    firsts: [],
    lengths: [],
    kinds: [],
    ws,
    done: new Promise<void>((resolve) => (finish = resolve)),
  };
  ws.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as {
      seq: number;
      type: string;
      source?: number;
      first?: number;
      events?: { type: string; eventType?: string }[];
    };
    received.seqs.push(message.seq);
    if (message.type !== 'inspection' || message.source === 0) return;
    received.firsts.push(message.first ?? -1);
    received.lengths.push(message.events?.length ?? 0);
    for (const e of message.events ?? []) received.kinds.push(`${e.type} ${e.eventType ?? ''}`);
    if (received.kinds.length >= total) finish();
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(received));
    ws.once('error', reject);
  });
}

/** A country's life over and over: deploy, transition, withdraw, hand over, a month apart. */
function* lifecycle(): Generator<CountryEvent> {
  let month = toMonthIndex('2000-01');
  for (let cycle = 0; ; cycle++) {
    const name = `UNM${cycle}`;
    const at = () => fromMonthIndex(++month);
    yield {
      type: 'DEPLOY',
      month: at(),
      presence: { name, kind: cycle % 2 ? 'pko' : 'spm-field' },
    };
    yield { type: 'REQUEST_SERVICE', month: at(), service: 'electoral-assistance' };
    yield { type: 'BEGIN_TRANSITION', month: at(), presence: name };
    yield { type: 'DRAWDOWN', month: at(), presence: name };
    yield { type: 'WITHDRAW', month: at(), presence: name };
    yield { type: 'COMPLETE_HANDOVER', month: at() };
  }
}

describe('inspector under load', () => {
  it(`streams ${EVENTS} events to ${PAGES} pages at once, none lost or out of order, memory bounded`, async () => {
    const server = await startInspectorServer({
      port: 0,
      channel: { highWaterBytes: 32 * 1024, maxQueueBytes: MAX_QUEUE_BYTES },
    });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    try {
      const pages = await Promise.all(
        Array.from({ length: PAGES }, () =>
          openPage(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, EVENTS),
        ),
      );
      // Two pages stop reading for a while: their queues fill, the program is paused.
      for (const slow of pages.slice(0, 2)) slow.ws.pause();
      setTimeout(() => pages.slice(0, 2).forEach((slow) => slow.ws.resume()), 1500);

      const sink = createInspectorSink({ url: server.url, name: 'load', maxQueue: EVENTS });
      await sink.ready;
      const expected: string[] = [];
      const inspect = (event: InspectionEvent): void => {
        if (expected.length >= EVENTS) return;
        const type = (event as { event?: { type?: string } }).event?.type;
        const wire =
          event.type === '@xstate.event' ||
          event.type === '@xstate.snapshot' ||
          event.type === '@xstate.microstep';
        expected.push(`${event.type} ${wire && type !== undefined ? type : ''}`);
        sink.inspect(event);
      };
      const actor = createActor(countryMachine, {
        input: { country: 'Loadland', region: 'africa', month: '2000-01' },
        inspect,
      });
      actor.start();
      const events = lifecycle();
      while (expected.length < EVENTS) actor.send(events.next().value as CountryEvent);
      actor.stop();
      await sink.close();
      await Promise.all(pages.map((p) => p.done));
      const elapsed = performance.now() - started;

      expect(sink.stats().dropped).toBe(0);
      expect(sink.stats().sent).toBe(EVENTS);
      for (const [i, page] of pages.entries()) {
        expect(page.seqs, `page ${i}: its own sequence numbers`).toEqual(
          page.seqs.map((_, k) => k + 1),
        );
        expect(page.kinds.length, `page ${i}: every event`).toBe(EVENTS);
        expect(page.kinds, `page ${i}: in the order sent`).toEqual(expected);
        let next = 1;
        page.firsts.forEach((first, k) => {
          expect(first, `page ${i}: batch ${k} follows the one before`).toBe(next);
          next = first + (page.lengths[k] ?? 0);
        });
      }
      const stats = server.stats();
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      // Each queue may overshoot its bound by what one read of the program's socket held.
      expect(stats.peakQueuedBytes).toBeLessThanOrEqual(
        MAX_QUEUE_BYTES + 2 * MAX_SOURCE_MESSAGE_BYTES,
      );
      expect(stats.relayed).toBeGreaterThanOrEqual(EVENTS);
      expect(rssGrowth).toBeLessThan(250 * 1024 * 1024);
      console.log(
        `load: ${PAGES} pages x ${EVENTS} events in ${Math.round(elapsed)} ms; peak queue ${Math.round(stats.peakQueuedBytes / 1024)} KiB; program paused ${stats.pauses} time(s); rss +${Math.round(rssGrowth / 1024 / 1024)} MiB`,
      );
      for (const page of pages) page.ws.close();
    } finally {
      await server.close();
    }
  });
});
