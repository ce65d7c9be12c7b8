/**
 * The inspector against a hostile local process, over real sockets on 127.0.0.1 (port 0): a deep
 * message, clients without the token or without an Origin, 500 connections, a flood from one
 * client while another's request is answered first, the view built once per change for every
 * page, and a client that does not read. Counts and order are asserted, never durations.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { getInspectorLimits, parseMaxClients, startInspect } from '../src/cli/commands/inspect.ts';
import { InputError } from '../src/cli/shared.ts';
import {
  ClientChannel,
  DEFAULT_MAX_QUEUE_BYTES,
  DEFAULT_MAX_QUEUE_MESSAGES,
} from '../src/inspect/channel.ts';
import { FairScheduler, TokenBucket } from '../src/inspect/inbox.ts';
import {
  MAX_BATCH_EVENTS,
  MAX_MESSAGE_DEPTH,
  MAX_PAGE_MESSAGE_BYTES,
  MAX_SOURCE_MESSAGE_BYTES,
  jsonDepth,
} from '../src/inspect/protocol.ts';
import {
  DEFAULT_MAX_CLIENTS,
  DEFAULT_PAGE_RATE,
  DEFAULT_SOURCE_RATE,
  startInspectorServer,
  type InspectorServer,
  type InspectorServerOptions,
} from '../src/inspect/server.ts';
import type { InspectorView } from '../src/inspect/session.ts';
import { createInspectorSink } from '../src/inspect/sink.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/inspect-security.test.ts');

interface Message {
  seq: number;
  type: string;
  [key: string]: unknown;
}

/** A client that keeps every message it receives and can wait for one. */
class Client {
  readonly messages: Message[] = [];
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  next(test: (m: Message) => boolean, from = 0, ms = 20_000): Promise<Message> {
    const seen = this.messages.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such message within ${ms} ms`)), ms);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async ask(payload: unknown, type: string): Promise<Message> {
    const from = this.messages.length;
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
    return this.next((m) => m.type === type, from);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** How an upgrade ends: 101 when accepted, the refusal's status, or 0 when the socket was reset. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

/** Opens a WebSocket and keeps it: 101 and the client, the refusal's status, or 0 (reset). */
function tryOpen(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; client?: Client }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    ws.on('open', () => resolve({ status: 101, client }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => resolve({ status: 0 }));
  });
}

function httpStatus(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

const page = (server: InspectorServer): string =>
  `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
const source = (server: InspectorServer): string =>
  `ws://127.0.0.1:${server.port}/ws/source?token=${server.token}`;
const originOf = (server: InspectorServer): Record<string, string> => ({
  Origin: `http://127.0.0.1:${server.port}`,
});
const openPage = (server: InspectorServer): Promise<Client> =>
  Client.open(page(server), originOf(server));

/** `[[[...null...]]]`, `depth` brackets deep. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}null${']'.repeat(depth)}`;
}

async function withServer<T>(
  options: InspectorServerOptions,
  run: (server: InspectorServer) => Promise<T>,
): Promise<T> {
  const server = await startInspectorServer({ port: 0, ...options });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

describe('message depth and size, before any parse', () => {
  let server: InspectorServer;
  beforeAll(async () => {
    server = await startInspectorServer({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a 40 KB batch with a 20,000-deep value with an error, and stays up', async () => {
    const program = await Client.open(source(server));
    const watcher = await openPage(server);
    await program.next((m) => m.type === 'welcome');
    const raw = `{"type":"batch","first":1,"events":[{"type":"@xstate.snapshot","sessionId":"x:1","value":${nested(20_000)}}]}`;
    expect(raw.length).toBeGreaterThan(40_000);
    const reply = await program.ask(raw, 'error');
    expect(String(reply.message)).toBe(
      `message nested too deep (limit ${MAX_MESSAGE_DEPTH} levels)`,
    );
    // The same from a page.
    const pageReply = await watcher.ask(
      `{"type":"event","event":{"type":"X","v":${nested(20_000)}}}`,
      'error',
    );
    expect(String(pageReply.message)).toMatch(/nested too deep/);
    // Both connections still work, and so does a new one.
    expect((await program.ask({ type: 'ping', id: 1 }, 'pong')).id).toBe(1);
    expect((await watcher.ask({ type: 'ping', id: 2 }, 'pong')).id).toBe(2);
    const late = await openPage(server);
    expect((await late.ask({ type: 'ping', id: 3 }, 'pong')).id).toBe(3);
    // A program's value just under the limit is taken (a good batch gets no reply), and kept
    // trimmed in its summary, which every page receives.
    program.ws.send(
      JSON.stringify({
        type: 'batch',
        first: 1,
        events: [
          { type: '@xstate.snapshot', sessionId: 'x:1', value: JSON.parse(nested(60)) as unknown },
        ],
      }),
    );
    const sources = await watcher.next(
      (m) =>
        m.type === 'sources' && (m.sources as { received: number }[]).some((s) => s.received === 1),
    );
    const summary = (sources.sources as { value: unknown }[])[0];
    expect(jsonDepth(JSON.stringify(summary?.value))).toBeLessThanOrEqual(9);
    expect(server.stats().internalErrors).toBe(0);
    for (const c of [program, watcher, late]) c.close();
  }, 30_000);

  it('measures the nesting of any JSON text, brackets inside strings not counted', () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    console.log(`jsonDepth property: fast-check seed ${seed}`);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        const text = JSON.stringify(value);
        expect(jsonDepth(text)).toBe(depthOf(value));
      }),
      { seed, numRuns: 300 },
    );
    expect(jsonDepth('{"a":"[[[{{{\\"[["}')).toBe(1);
    expect(jsonDepth(nested(100), 64)).toBe(65);
  });
});

describe('the session token and the Origin', () => {
  let server: InspectorServer;
  beforeAll(async () => {
    server = await startInspectorServer({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('makes a new random token for every server and puts it in the URL', async () => {
    const other = await startInspectorServer({ port: 0 });
    try {
      expect(other.token).not.toBe(server.token);
      expect(new URL(server.url).searchParams.get('token')).toBe(server.token);
      // The other server's token does not open this one.
      const wrong = `ws://127.0.0.1:${server.port}/ws?token=${other.token}`;
      expect(await upgradeStatus(wrong, originOf(server))).toBe(401);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['no token', ''],
    ['an empty token', '?token='],
    ['a wrong token', '?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a prefix of the token', '?token=PREFIX'],
  ])('refuses a page and a program with %s (401)', async (_name, query) => {
    const q = query.replace('PREFIX', server.token.slice(0, 10));
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/ws${q}`, originOf(server))).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/ws/source${q}`)).toBe(401);
  });

  it('refuses a page connection without an Origin even with the token (403)', async () => {
    expect(await upgradeStatus(page(server), {})).toBe(403);
    expect(await upgradeStatus(page(server), originOf(server))).toBe(101);
  });

  it('takes a program without an Origin only with the token; the sink passes it from the URL', async () => {
    expect(await upgradeStatus(source(server))).toBe(101);
    const bare = createInspectorSink({ url: `http://127.0.0.1:${server.port}/`, name: 'no-token' });
    await expect(bare.ready).rejects.toThrow(/401/);
    await bare.close();
    for (const sink of [
      createInspectorSink({ url: server.url, name: 'from-url' }),
      createInspectorSink({
        url: `http://127.0.0.1:${server.port}/`,
        token: server.token,
        name: 'from-option',
      }),
    ]) {
      await sink.ready;
      const actor = createActor(countryMachine, {
        input: { country: 'Tokenland', region: 'africa', month: '2001-01' },
        inspect: sink.inspect,
      });
      actor.start();
      actor.stop();
      await sink.close();
      expect(sink.stats().sent).toBeGreaterThan(0);
      expect(sink.stats().errors).toEqual([]);
    }
    expect(server.stats().refused).toBeGreaterThan(0);
  });
});

describe('connections', () => {
  it('caps them: of 500 at once, 64 are open, the rest refused, and the server still answers', async () => {
    await withServer({}, async (server) => {
      const attempts = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          i % 2 === 0 ? tryOpen(page(server), originOf(server)) : tryOpen(source(server)),
        ),
      );
      const open = attempts.filter((a) => a.status === 101);
      const refusedStatuses = attempts.filter((a) => a.status !== 101).map((a) => a.status);
      expect(open.length).toBe(DEFAULT_MAX_CLIENTS);
      expect(server.stats().clients).toBe(DEFAULT_MAX_CLIENTS);
      // Refused with 503 over HTTP, or reset before that by the server's socket cap.
      expect(refusedStatuses.every((s) => s === 503 || s === 0)).toBe(true);
      expect(refusedStatuses.filter((s) => s === 503).length).toBeGreaterThan(0);

      // At the cap: one more is refused, the page is still served, the open ones still answer.
      expect((await tryOpen(page(server), originOf(server))).status).toBe(503);
      expect(await httpStatus(server.port, `127.0.0.1:${server.port}`)).toBe(200);
      const pages = open.map((a) => a.client as Client).filter((c) => c.ws.url.includes('/ws?'));
      const last = pages.at(-1) as Client;
      expect((await last.ask({ type: 'ping', id: 9 }, 'pong')).id).toBe(9);
      for (const a of open) a.client?.close();
      await expect.poll(() => server.stats().clients).toBe(0);
      const again = await openPage(server);
      expect((await again.ask({ type: 'ping', id: 10 }, 'pong')).id).toBe(10);
      again.close();
      expect(server.stats().internalErrors).toBe(0);
    });
  }, 60_000);
});

describe('fairness', () => {
  it("answers another client's request before a flood of 1,000 messages has been handled", async () => {
    await withServer({}, async (server) => {
      const flooder = await openPage(server);
      const other = await openPage(server);
      await other.ask({ type: 'load', scenario: null }, 'view');
      const N = 1000;
      for (let i = 0; i < N; i++) {
        flooder.ws.send(
          JSON.stringify({
            type: 'event',
            event: { type: 'WITHDRAW', month: '2020-02', presence: `FLOOD${i}` },
            id: i,
          }),
        );
      }
      // Sent after the whole flood: refused too, so it counts in `refused` like the flood.
      const probe = await other.ask(
        {
          type: 'event',
          event: { type: 'WITHDRAW', month: '2020-02', presence: 'PROBE' },
          id: 99_999,
        },
        'result',
      );
      expect(probe.id).toBe(99_999);
      const probeView = (await other.next((m) => m.type === 'view' && m.seq > probe.seq))
        .view as InspectorView;
      const handledBeforeProbe = probeView.refused - 1;

      // Every message of the flood is answered, or reported dropped.
      const results = (): number => flooder.messages.filter((m) => m.type === 'result').length;
      const dropped = (): number =>
        Math.max(
          0,
          ...flooder.messages.map((m) => (typeof m.dropped === 'number' ? m.dropped : 0)),
        );
      await expect.poll(() => results() + dropped(), { timeout: 30_000, interval: 100 }).toBe(N);
      const finalView = (await other.ask({ type: 'draft', draft: {} }, 'view'))
        .view as InspectorView;
      expect(finalView.refused).toBe(results() + 1);
      // Order, not timing: the probe was handled while most of the flood was still waiting.
      expect(handledBeforeProbe).toBeLessThan(results());
      expect(handledBeforeProbe).toBeLessThan(N / 2);
      // The flood's results came back in the order sent.
      const ids = flooder.messages.filter((m) => m.type === 'result').map((m) => m.id as number);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      flooder.close();
      other.close();
    });
  }, 60_000);

  it('serves clients round-robin: one message each per round', async () => {
    const handled: string[] = [];
    const socket = { pause: () => undefined, resume: () => undefined };
    const scheduler = new FairScheduler<string>({ perTurn: 1000 });
    const rate = { perSecond: 1e6, burst: 1e6 };
    const a = scheduler.add(
      socket,
      rate,
      () => true,
      (m) => handled.push(m),
    );
    const b = scheduler.add(
      socket,
      rate,
      () => true,
      (m) => handled.push(m),
    );
    for (let i = 0; i < 50; i++) scheduler.push(a, `a${i}`);
    scheduler.push(b, 'b0');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled.slice(0, 3)).toEqual(['a0', 'b0', 'a1']);
    expect(handled).toHaveLength(51);
    scheduler.stop();
  });

  it('limits each client to its rate: a token bucket refilled by the clock', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.wait()).toBe(100);
    now = 100;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('drops the oldest waiting messages of a client beyond its queue bound, and counts them', () => {
    const log: string[] = [];
    const socket = { pause: () => log.push('pause'), resume: () => log.push('resume') };
    const scheduler = new FairScheduler<number>({ maxQueued: 10 });
    const inbox = scheduler.add(
      socket,
      { perSecond: 1, burst: 1 },
      () => false,
      () => undefined,
    );
    for (let i = 0; i < 25; i++) inbox.push(i, 10);
    expect(inbox.length).toBe(10);
    expect(inbox.dropped).toBe(15);
    expect(log).toEqual(['pause']);
    expect(inbox.shift()).toBe(15);
    for (let i = 0; i < 9; i++) inbox.shift();
    expect(log).toEqual(['pause', 'resume']);
    scheduler.stop();
  });
});

describe('one view per change, shared by every page', () => {
  it('builds the view once per event for 30 pages (twice with a page of its own form)', async () => {
    await withServer({}, async (server) => {
      const pages = await Promise.all(Array.from({ length: 30 }, () => openPage(server)));
      const driver = pages[0] as Client;
      const own = pages[1] as Client;
      await own.ask({ type: 'draft', draft: { month: '2020-05' } }, 'view');
      await driver.ask({ type: 'load', scenario: null }, 'view');
      const before = server.stats().viewBuilds;
      const EVENTS = 10;
      for (let i = 0; i < EVENTS; i++) {
        const result = await driver.ask(
          { type: 'event', event: { type: 'WITHDRAW', month: '2020-02', presence: `X${i}` } },
          'result',
        );
        await driver.next((m) => m.type === 'view' && m.seq > result.seq);
      }
      // Two distinct payload forms (the default one and the page's own): two builds per event.
      expect(server.stats().viewBuilds - before).toBe(2 * EVENTS);
      for (const [i, p] of pages.entries()) {
        const last = await p.next(
          (m) => m.type === 'view' && (m.view as InspectorView).refused === EVENTS,
        );
        expect((last.view as InspectorView).refused, `page ${i}`).toBe(EVENTS);
      }
      for (const p of pages) p.close();
    });
  }, 60_000);
});

describe('a client that does not read', () => {
  it('keeps its outgoing queue bounded: the oldest messages are dropped, counted and announced', () => {
    const sent: string[] = [];
    const callbacks: (() => void)[] = [];
    const socket = {
      readyState: WebSocket.OPEN,
      bufferedAmount: 0,
      send(message: string, callback?: () => void) {
        sent.push(message);
        if (callback) callbacks.push(callback);
      },
    };
    const channel = new ClientChannel(socket as unknown as WebSocket, {
      highWaterBytes: 10,
      maxQueueBytes: 1000,
      maxQueueMessages: 100,
    });
    channel.send({ type: 'first' });
    socket.bufferedAmount = 1e9; // the client stopped reading
    let peakMessages = 0;
    let peakBytes = 0;
    for (let i = 0; i < 10_000; i++) {
      channel.send({ type: 'n', i });
      peakMessages = Math.max(peakMessages, channel.queuedMessages);
      peakBytes = Math.max(peakBytes, channel.queuedBytes);
    }
    expect(peakMessages).toBeLessThanOrEqual(100);
    expect(peakBytes).toBeLessThanOrEqual(4 * 1000);
    expect(channel.dropped).toBe(10_000 - channel.queuedMessages);
    socket.bufferedAmount = 0;
    callbacks[0]?.();
    const parsed = sent.map(
      (m) => JSON.parse(m) as { seq: number; type: string; i?: number; count?: number },
    );
    expect(parsed.map((m) => m.seq)).toEqual(parsed.map((_, k) => k + 1));
    expect(parsed[1]).toMatchObject({ type: 'dropped', count: channel.dropped });
    const kept = parsed.slice(2).map((m) => m.i);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 10_000 - kept.length + k));
  });

  it('a page that stops reading while a program streams: its queue stays bounded, the program is paused, the page is dropped, another page is served', async () => {
    const MAX_QUEUE = 64 * 1024;
    await withServer(
      { channel: { highWaterBytes: 4096, maxQueueBytes: MAX_QUEUE }, stallMs: 1000 },
      async (server) => {
        const slow = await openPage(server);
        const other = await openPage(server);
        await slow.next((m) => m.type === 'view');
        slow.ws.pause(); // it stops reading its socket
        const program = await Client.open(source(server));
        await program.next((m) => m.type === 'welcome');
        const batch = (first: number): string =>
          JSON.stringify({
            type: 'batch',
            first,
            events: Array.from({ length: 500 }, (_, i) => ({
              type: '@xstate.event',
              sessionId: 'x:1',
              eventType: `EVENT_${first + i}`,
            })),
          });
        // The kernel's socket buffers take megabytes first; then the page's queue fills and the
        // server pauses the program. Bounded: at most 2,000 batches.
        let next = 1;
        for (let round = 0; round < 200 && server.stats().pauses === 0; round++) {
          for (let i = 0; i < 10; i++, next += 500) program.ws.send(batch(next));
          expect((await other.ask({ type: 'ping', id: round }, 'pong')).id).toBe(round);
        }
        expect(server.stats().pauses, 'the program was paused').toBeGreaterThan(0);
        // The page that does not read is dropped once it has been full for stallMs.
        await expect.poll(() => server.stats().pages, { timeout: 10_000 }).toBe(1);
        expect((await other.ask({ type: 'ping', id: 12_345 }, 'pong')).type).toBe('pong');
        // Its queue never grew past its bound and one read of the program's socket.
        expect(server.stats().peakQueuedBytes).toBeLessThanOrEqual(
          MAX_QUEUE + 2 * MAX_SOURCE_MESSAGE_BYTES,
        );
        expect(server.stats().internalErrors).toBe(0);
        program.close();
        slow.close();
        other.close();
      },
    );
  }, 60_000);
});

describe('--host beyond loopback', () => {
  it('is refused without --allow-remote (exit code 2), by the CLI and the library', async () => {
    const error = await startInspect(undefined, { port: '0', host: '0.0.0.0' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/--host 0\.0\.0\.0 is not loopback.*--allow-remote/);
    await expect(startInspectorServer({ port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /not loopback/,
    );
  });

  it('keeps the Host check with --allow-remote: its own names pass, a rebinding name does not', async () => {
    await withServer(
      { host: '0.0.0.0', allowRemote: true, allowedHosts: ['inspector.lan'] },
      async (server) => {
        const p = server.port;
        expect(await httpStatus(p, `127.0.0.1:${p}`)).toBe(200);
        expect(await httpStatus(p, `localhost:${p}`)).toBe(200);
        expect(await httpStatus(p, `inspector.lan:${p}`)).toBe(200);
        expect(await httpStatus(p, `attacker.example:${p}`)).toBe(421);
        expect(await httpStatus(p, 'attacker.example')).toBe(421);
        expect(
          await upgradeStatus(page(server), {
            Host: `attacker.example:${p}`,
            Origin: `http://attacker.example:${p}`,
          }),
        ).toBe(421);
        expect(await upgradeStatus(page(server), originOf(server))).toBe(101);
      },
    );
  });
});

describe('the README states the limits the code has', () => {
  it('names the defaults of the connection cap, rates, depth and queues', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // Table cells compared with their padding folded (prettier aligns the columns).
    const section = readme.slice(readme.indexOf('### Inspector')).replace(/ {2,}/g, ' ');
    expect(section).toContain(
      `| WebSocket connections, pages and programs together | ${DEFAULT_MAX_CLIENTS} |`,
    );
    expect(section).toContain(
      `| ${DEFAULT_PAGE_RATE.perSecond} a second, bursts of ${DEFAULT_PAGE_RATE.burst} |`,
    );
    expect(DEFAULT_SOURCE_RATE).toEqual(DEFAULT_PAGE_RATE);
    expect(section).toContain(`| ${MAX_MESSAGE_DEPTH} levels |`);
    expect(section).toContain(`| ${MAX_PAGE_MESSAGE_BYTES / 1024} KiB |`);
    expect(section).toContain(
      `| ${MAX_SOURCE_MESSAGE_BYTES / 1024 / 1024} MiB, ${MAX_BATCH_EVENTS.toLocaleString('en')} events |`,
    );
    expect(section).toContain(
      `| full at ${DEFAULT_MAX_QUEUE_BYTES / 1024 / 1024} MiB: programs paused until it drains |`,
    );
    expect(section).toContain(
      `| ${(4 * DEFAULT_MAX_QUEUE_BYTES) / 1024 / 1024} MiB or ${DEFAULT_MAX_QUEUE_MESSAGES.toLocaleString('en')} messages |`,
    );
  });
});

describe('pillar inspect --max-clients', () => {
  it('refuses a bad value with exit code 2, and caps the connections at the value given', async () => {
    for (const bad of ['0', '-1', '1.5', 'many', '10001']) {
      expect(() => parseMaxClients(bad), bad).toThrow(InputError);
    }
    const { server } = await startInspect(undefined, {
      port: '0',
      host: '127.0.0.1',
      maxClients: '2',
    });
    try {
      const a = await openPage(server);
      const b = await Client.open(source(server));
      expect((await tryOpen(page(server), originOf(server))).status).toBe(503);
      a.close();
      b.close();
      await expect.poll(() => server.stats().clients).toBe(0);
      expect((await tryOpen(page(server), originOf(server))).status).toBe(101);
    } finally {
      await server.close();
    }
  });
});

describe('pillar inspect --rate, --max-queued, --max-queue-bytes', () => {
  it('map to the server options, and refuse bad values with exit code 2 naming the flag', () => {
    expect(getInspectorLimits({})).toEqual({});
    expect(
      getInspectorLimits({ rate: '10', maxQueued: '5', maxQueueBytes: '8M', maxClients: '3' }),
    ).toEqual({
      maxClients: 3,
      pageRate: { perSecond: 10, burst: 20 },
      sourceRate: { perSecond: 10, burst: 20 },
      inbox: { maxQueued: 5 },
      channel: { maxQueueBytes: 8 * 1024 * 1024 },
    });
    for (const [flag, options] of [
      ['--rate', { rate: '0' }],
      ['--rate', { rate: 'fast' }],
      ['--max-queued', { maxQueued: '-2' }],
      ['--max-queued', { maxQueued: '1.5' }],
      ['--max-queue-bytes', { maxQueueBytes: '1k' }],
      ['--max-queue-bytes', { maxQueueBytes: 'lots' }],
    ] as const) {
      expect(() => getInspectorLimits(options), JSON.stringify(options)).toThrow(
        new RegExp(`^${flag} must be`),
      );
    }
  });

  it('a flood beyond --max-queued is dropped and counted, and every message is answered or reported dropped', async () => {
    const { server } = await startInspect(undefined, {
      port: '0',
      host: '127.0.0.1',
      rate: '5',
      maxQueued: '4',
    });
    try {
      const flooder = await openPage(server);
      const N = 60;
      for (let i = 0; i < N; i++) {
        flooder.ws.send(
          JSON.stringify({
            type: 'event',
            event: { type: 'WITHDRAW', month: '2020-02', presence: `FLOOD${i}` },
            id: i,
          }),
        );
      }
      const results = (): number => flooder.messages.filter((m) => m.type === 'result').length;
      const dropped = (): number =>
        Math.max(
          0,
          ...flooder.messages.map((m) => (typeof m.dropped === 'number' ? m.dropped : 0)),
        );
      await expect.poll(() => results() + dropped(), { timeout: 30_000, interval: 100 }).toBe(N);
      // At most the burst (10), the queue (4) and what arrived while they drained were kept.
      expect(dropped()).toBeGreaterThan(N / 2);
      expect(server.stats().droppedIncoming).toBe(dropped());
    } finally {
      await server.close();
    }
  });
});
